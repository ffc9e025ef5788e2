package io.ultron.sim;

/** What a client needs to authenticate against one simulated cluster's Keystone v3. */
public record Credentials(
        String keystoneUrl,
        String region,
        String username,
        String password,
        String userDomain,
        String projectName,
        String projectId,
        String projectDomain) {
}
