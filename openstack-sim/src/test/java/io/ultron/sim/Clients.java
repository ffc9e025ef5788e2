package io.ultron.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.openstack.OSFactory;

/** Object mother for clients of a running simulator: OpenStack4j sessions and plain HTTP calls. */
final class Clients {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Clients() {
    }

    /** Authenticates the way the sagas do: password, project-scoped, region of the cluster. */
    static OSClientV3 openStack4j(OpenStackSimulator sim, String cluster) {
        Credentials c = sim.credentials(cluster);
        OSClientV3 client = OSFactory.builderV3()
                .endpoint(c.keystoneUrl())
                .credentials(c.username(), c.password(), Identifier.byName(c.userDomain()))
                .scopeToProject(Identifier.byName(c.projectName()), Identifier.byName(c.projectDomain()))
                .authenticate();
        client.useRegion(c.region());
        return client;
    }

    /** A Keystone token for plain HTTP calls. */
    static String token(OpenStackSimulator sim, String cluster) {
        Credentials c = sim.credentials(cluster);
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(c.keystoneUrl() + "/auth/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(passwordAuth(c.username(), c.password(), c.projectName())))
                .build());
        return response.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    static String passwordAuth(String user, String password, String project) {
        return """
                {"auth": {"identity": {"methods": ["password"],
                  "password": {"user": {"name": "%s", "domain": {"name": "Default"}, "password": "%s"}}},
                  "scope": {"project": {"name": "%s", "domain": {"id": "default"}}}}}
                """.formatted(user, password, project);
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token).GET().build());
    }

    static HttpResponse<String> post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> put(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    static HttpResponse<String> delete(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("X-Auth-Token", token).DELETE().build());
    }

    /** A POST without a token, as the admin API takes it. */
    static HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A DELETE without a token, as the admin API takes it. */
    static HttpResponse<String> delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE().build());
    }

    static HttpResponse<String> patch(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }
}
