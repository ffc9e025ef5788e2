package io.ultron.app.roles;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code ultron.roles}: {@code api} serves REST, commands and queries; {@code conductor} runs the event
 * processors (projections, sagas) and offline jobs. Default both.
 */
public final class Roles {

    public static final String API = "api";
    public static final String CONDUCTOR = "conductor";
    static final String PROPERTY = "ultron.roles";

    private Roles() {
    }

    static Set<String> of(String value) {
        Set<String> roles = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        for (String role : roles) {
            if (!role.equals(API) && !role.equals(CONDUCTOR)) {
                throw new IllegalStateException("unknown role '" + role + "' in " + PROPERTY + " (known: api, conductor)");
            }
        }
        return roles;
    }

    static boolean has(ConditionContext context, String role) {
        return of(context.getEnvironment().getProperty(PROPERTY, API + "," + CONDUCTOR)).contains(role);
    }

    public static final class IsApi implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return has(context, API);
        }
    }

    public static final class IsConductor implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return has(context, CONDUCTOR);
        }
    }
}
