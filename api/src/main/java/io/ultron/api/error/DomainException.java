package io.ultron.api.error;

/**
 * A refused command or query. {@code code} is a stable machine-readable reason
 * (e.g. {@code cluster-name-taken}) that clients may branch on; the message is for people.
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;

    public DomainException(ErrorKind kind, String code, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
