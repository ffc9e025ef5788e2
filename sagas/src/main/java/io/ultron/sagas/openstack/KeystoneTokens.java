package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.core.transport.Config;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One Keystone v3 project-scoped token per cluster, shared by every call to it. A token is renewed when it
 * comes within the refresh margin of its expiry (at most 10% of its lifetime), and dropped when OpenStack
 * refuses it. Authentication for one cluster never waits for another cluster's.
 */
public class KeystoneTokens {

    private static final Logger LOG = LoggerFactory.getLogger(KeystoneTokens.class);

    private final Function<String, ClusterCredentials> credentials;
    private final Config config;
    private final Duration refreshMargin;
    private final Clock clock;
    private final Map<ClusterId, Cached> tokens = new ConcurrentHashMap<>();
    private final Map<ClusterId, Object> locks = new ConcurrentHashMap<>();

    /** @param credentials credentials by a cluster's credentialsRef; null when there are none */
    public KeystoneTokens(Function<String, ClusterCredentials> credentials, Config config, Duration refreshMargin,
                          Clock clock) {
        this.credentials = credentials;
        this.config = config;
        this.refreshMargin = refreshMargin;
        this.clock = clock;
    }

    /** A token valid for a while yet; authenticates when there is none. Blocks on HTTP: call it on a cluster executor. */
    public Token current(ClusterEndpoint endpoint, String operation) {
        Cached cached = tokens.get(endpoint.clusterId());
        if (cached != null && cached.freshAt(clock.instant())) {
            return cached.token();
        }
        synchronized (locks.computeIfAbsent(endpoint.clusterId(), id -> new Object())) {
            cached = tokens.get(endpoint.clusterId());
            if (cached != null && cached.freshAt(clock.instant())) {
                return cached.token();
            }
            Token token = authenticate(endpoint, operation);
            tokens.put(endpoint.clusterId(), cache(token));
            return token;
        }
    }

    /** OpenStack refused {@code stale}: the next {@link #current} authenticates again (unless another call already did). */
    public void refused(ClusterEndpoint endpoint, Token stale) {
        tokens.computeIfPresent(endpoint.clusterId(), (id, cached) -> cached.token() == stale ? null : cached);
    }

    /** OpenStack4j re-authenticated by itself after a 401 and got {@code fresh}: share it with every other call. */
    public void replaced(ClusterEndpoint endpoint, Token stale, Token fresh) {
        if (fresh != null && fresh != stale) {
            tokens.compute(endpoint.clusterId(),
                    (id, cached) -> cached == null || cached.token() == stale ? cache(fresh) : cached);
        }
    }

    /** The cluster's credentials; a NOT_CONFIGURED failure when there are none. Cheap: no HTTP. */
    public ClusterCredentials credentials(ClusterEndpoint endpoint, String operation) {
        ClusterCredentials creds = credentials.apply(endpoint.credentialsRef());
        if (creds == null) {
            throw OpenStackCallException.of(endpoint.clusterId(), operation, OpenStackCallException.Reason.NOT_CONFIGURED,
                    "no credentials configured under ultron.openstack.credentials[" + endpoint.credentialsRef() + "]");
        }
        return creds;
    }

    private Token authenticate(ClusterEndpoint endpoint, String operation) {
        ClusterCredentials creds = credentials(endpoint, operation);
        LOG.debug("authenticating to cluster {} at {} as {}", endpoint.clusterId(), endpoint.keystoneUrl(), creds.username());
        try {
            return OSFactory.builderV3()
                    .withConfig(config)
                    .endpoint(endpoint.keystoneUrl())
                    .credentials(creds.username(), creds.password(), Identifier.byName(creds.userDomain()))
                    .scopeToProject(Identifier.byName(creds.projectName()), Identifier.byName(creds.projectDomain()))
                    .authenticate()
                    .getToken();
        } catch (ConnectionException e) {
            throw new OpenStackCallException(endpoint.clusterId(), operation, OpenStackCallException.Reason.UNREACHABLE,
                    null, null, "Keystone unreachable: " + e.getMessage(), e);
        } catch (ResponseException e) {
            int status = e.getStatus();
            OpenStackCallException.Reason reason = status >= 500 ? OpenStackCallException.Reason.SERVER_ERROR
                    : status == 429 ? OpenStackCallException.Reason.RATE_LIMITED
                    : OpenStackCallException.Reason.UNAUTHORIZED;
            throw new OpenStackCallException(endpoint.clusterId(), operation, reason, status > 0 ? status : null, null,
                    "Keystone refused to authenticate " + creds.username() + ": " + e.getMessage(), e);
        }
    }

    private Cached cache(Token token) {
        Instant now = clock.instant();
        Instant expires = token.getExpires() == null ? now.plus(Duration.ofHours(1)) : token.getExpires().toInstant();
        Instant issued = token.getIssuedAt() == null ? now : token.getIssuedAt().toInstant();
        Duration tenthOfLifetime = Duration.between(issued, expires).dividedBy(10);
        Duration margin = tenthOfLifetime.compareTo(refreshMargin) < 0 ? tenthOfLifetime : refreshMargin;
        return new Cached(token, expires.minus(margin));
    }

    private record Cached(Token token, Instant renewAt) {
        boolean freshAt(Instant now) {
            return now.isBefore(renewAt);
        }
    }
}
