package io.ultron.api.quota;

import io.ultron.api.network.VpcId;

public record VpcReleasedEvent(String tenant, VpcId vpcId) {
}
