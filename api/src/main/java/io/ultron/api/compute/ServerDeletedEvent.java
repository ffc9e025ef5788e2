package io.ultron.api.compute;

public record ServerDeletedEvent(ServerId serverId) {
}
