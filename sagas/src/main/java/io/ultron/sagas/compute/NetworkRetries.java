package io.ultron.sagas.compute;

import java.time.Duration;

/** Asks a server's network step again later, when its address was still pending. */
interface NetworkRetries {

    void later(PendingNetwork pending, Duration delay);
}
