package io.ultron.app.security;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a caller may do. {@code admin}: everything (clusters, admin endpoints, keys). {@code operator}: reads
 * everything, drains and enables clusters, retries dead letters. {@code member}: creates and changes tenant
 * resources. {@code viewer}: reads only. The route rules are in {@link SecurityConfiguration}.
 */
public enum ApiRoleName {
    ADMIN, OPERATOR, MEMBER, VIEWER;

    /** The name in keys, requests and answers: lower case. */
    public String value() {
        return name().toLowerCase();
    }

    /** Spring Security's authority for the role ({@code hasRole(value())} matches it). */
    public String authority() {
        return "ROLE_" + value();
    }

    public static Optional<ApiRoleName> parse(String value) {
        return Arrays.stream(values()).filter(role -> role.value().equals(value)).findFirst();
    }
}
