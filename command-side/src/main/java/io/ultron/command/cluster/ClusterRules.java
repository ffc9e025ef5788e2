package io.ultron.command.cluster;

import io.ultron.api.cluster.Capability;
import io.ultron.api.cluster.RegisterClusterCommand;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;

import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules on a single cluster's fields; the REST layer checks shapes first, these hold for every caller. */
final class ClusterRules {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    /** A reference is a key or a path, never a secret: no spaces, no ':' or '@' that would carry user:password. */
    static final Pattern CREDENTIALS_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,254}");
    static final int MAX_CONCURRENT_CALLS_LIMIT = 1000;

    private ClusterRules() {
    }

    static void checkRegistration(RegisterClusterCommand command) {
        require(command.name() != null && NAME.matcher(command.name()).matches(), "invalid-cluster-name",
                "cluster name must be 2-63 lowercase letters, digits or '-', starting with a letter");
        require(notBlank(command.area()), "invalid-area", "area is required");
        require(notBlank(command.idc()), "invalid-idc", "IDC is required");
        require(isKeystoneV3Url(command.keystoneUrl()), "invalid-keystone-url",
                "keystoneUrl must be an absolute http(s) URL of a Keystone v3 endpoint (ending in /v3)");
        require(command.credentialsRef() != null && CREDENTIALS_REF.matcher(command.credentialsRef()).matches(),
                "invalid-credentials-ref", "credentialsRef must be a key or path naming where the credentials are kept");
        require(notBlank(command.release()), "invalid-release", "release is required");
        require(command.maxConcurrentCalls() >= 1 && command.maxConcurrentCalls() <= MAX_CONCURRENT_CALLS_LIMIT,
                "invalid-max-concurrent-calls", "maxConcurrentCalls must be between 1 and " + MAX_CONCURRENT_CALLS_LIMIT);
        checkCapabilities(command.capabilities());
    }

    static void checkCapabilities(Set<Capability> capabilities) {
        require(capabilities != null && capabilities.stream().noneMatch(java.util.Objects::isNull), "invalid-capabilities", "capabilities must be a list of known capabilities");
    }

    private static boolean isKeystoneV3Url(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && uri.getUserInfo() == null
                    && uri.getPath() != null && uri.getPath().replaceAll("/+$", "").endsWith("/v3");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String code, String message) {
        if (!condition) {
            throw new DomainException(ErrorKind.BAD_INPUT, code, message);
        }
    }
}
