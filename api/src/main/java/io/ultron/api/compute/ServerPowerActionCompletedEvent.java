package io.ultron.api.compute;

public record ServerPowerActionCompletedEvent(ServerId serverId, PowerAction action, ServerStatus status) {
}
