package io.ultron.api.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused command or query. {@code code} is a stable machine-readable reason
 * (e.g. {@code cluster-name-taken}) that clients may branch on; the message is for people.
 */
public class DomainException extends RuntimeException {

    private final ErrorKind kind;
    private final String code;
    private final Map<String, Object> properties;

    public DomainException(ErrorKind kind, String code, String message) {
        this(kind, code, message, Map.of());
    }

    /** @param properties extra fields of the problem body, in this order (e.g. a quota's resource, limit, used, requested) */
    public DomainException(ErrorKind kind, String code, String message, Map<String, ?> properties) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.properties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Extra machine-readable fields of the refusal; empty for most. */
    public Map<String, Object> properties() {
        return properties;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }
}
