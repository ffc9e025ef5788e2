package io.ultron.sagas;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed future really failed with. */
public final class Failures {

    private Failures() {
    }

    /** The cause inside the wrappers futures put around it ({@link CompletionException}, {@link ExecutionException}). */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
