package io.ultron.sagas.compute;

/**
 * Step names in {@link io.ultron.api.compute.RecordServerProvisioningFailedCommand}: the saga reads from them whether an
 * address may be held, and the server's history shows them.
 */
final class ServerSteps {

    static final String ADDRESS = "allocate-address";
    static final String PORT = "create-port";
    static final String BOOT = "boot";
    static final String BUILD = "build";

    private ServerSteps() {
    }
}
