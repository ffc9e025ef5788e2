package io.ultron.api.quota;

import io.ultron.api.network.VpcId;

public record VpcHeldEvent(String tenant, VpcId vpcId) {
}
