package io.ultron.api.compute;

/** What a user may ask of a running (or stopped) server. */
public enum PowerAction {
    START,
    STOP,
    REBOOT
}
