package io.ultron.query.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events never carry credentials (only references such as {@code credentialsRef}); this is the second
 * lock on that door: any field with a secret's name is masked before a payload leaves through the audit API.
 */
final class Redaction {

    private static final Set<String> SECRET_NAMES = Set.of("password", "secret", "token", "apikey", "privatekey",
            "credentials", "accesskey", "secretkey");
    static final String MASK = "***";

    private Redaction() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> redact(Map<String, Object> payload) {
        Map<String, Object> copy = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            if (SECRET_NAMES.contains(key.toLowerCase())) {
                copy.put(key, MASK);
            } else if (value instanceof Map<?, ?> nested) {
                copy.put(key, redact((Map<String, Object>) nested));
            } else if (value instanceof List<?> list) {
                copy.put(key, list.stream().map(v -> v instanceof Map<?, ?> m ? redact((Map<String, Object>) m) : v).toList());
            } else {
                copy.put(key, value);
            }
        });
        return copy;
    }
}
