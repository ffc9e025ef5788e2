package io.ultron.api.quota;

import io.ultron.api.compute.ServerId;

import java.util.List;

public record ServersReleasedEvent(String tenant, List<ServerId> serverIds) {
}
