package io.ultron.api.quota;

import java.util.List;

public record ServersHeldEvent(String tenant, List<ServerHolding> servers) {
}
