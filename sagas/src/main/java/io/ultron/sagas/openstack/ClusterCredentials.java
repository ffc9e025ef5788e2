package io.ultron.sagas.openstack;

/**
 * Keystone v3 credentials of one cluster, bound from {@code ultron.openstack.credentials[<ref>].*} where
 * {@code <ref>} is the cluster's {@code credentialsRef}. The password never appears in {@link #toString()}.
 */
public record ClusterCredentials(String username, String password, String projectName, String userDomain,
                                 String projectDomain) {

    public ClusterCredentials {
        userDomain = userDomain == null || userDomain.isBlank() ? "Default" : userDomain;
        projectDomain = projectDomain == null || projectDomain.isBlank() ? "Default" : projectDomain;
    }

    @Override
    public String toString() {
        return "ClusterCredentials[username=" + username + ", password=******, projectName=" + projectName
                + ", userDomain=" + userDomain + ", projectDomain=" + projectDomain + "]";
    }
}
