package io.ultron.sagas.openstack;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding of {@code ultron.openstack.*} as Spring Boot binds it, without a context. */
class OpenStackPropertiesTest {

    private static OpenStackProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("ultron.openstack", Bindable.of(OpenStackProperties.class));
    }

    @Test
    void credentialsBindUnderARefWithSlashesInBrackets() {
        OpenStackProperties properties = bind(Map.of(
                "ultron.openstack.credentials[clusters/bj1-az1].username", "ultron",
                "ultron.openstack.credentials[clusters/bj1-az1].password", "s3cret",
                "ultron.openstack.credentials[clusters/bj1-az1].project-name", "ultron-prod",
                "ultron.openstack.credentials[clusters/bj1-az1].user-domain", "corp",
                "ultron.openstack.credentials[clusters/bj1-az1].project-domain", "corp-projects"));

        assertThat(properties.credentials()).containsOnlyKeys("clusters/bj1-az1");
        assertThat(properties.credentials().get("clusters/bj1-az1"))
                .isEqualTo(new ClusterCredentials("ultron", "s3cret", "ultron-prod", "corp", "corp-projects"));
    }

    @Test
    void domainsDefaultToDefaultAndThePasswordIsNeverPrinted() {
        OpenStackProperties properties = bind(Map.of(
                "ultron.openstack.credentials[clusters/sh2-az1].username", "ultron",
                "ultron.openstack.credentials[clusters/sh2-az1].password", "s3cret",
                "ultron.openstack.credentials[clusters/sh2-az1].project-name", "ultron"));

        ClusterCredentials credentials = properties.credentials().get("clusters/sh2-az1");
        assertThat(credentials.userDomain()).isEqualTo("Default");
        assertThat(credentials.projectDomain()).isEqualTo("Default");
        assertThat(credentials.toString()).doesNotContain("s3cret");
        assertThat(properties.toString()).doesNotContain("s3cret");
    }

    @Test
    void everyTuningHasADefaultAndCanBeSet() {
        OpenStackProperties defaults = bind(Map.of());
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.retry().maxAttempts()).isEqualTo(4);
        assertThat(defaults.breaker().minimumCalls()).isEqualTo(10);
        assertThat(defaults.leaseTtl()).isEqualTo(Duration.ofMinutes(5));

        OpenStackProperties tuned = bind(Map.of(
                "ultron.openstack.read-timeout", "10s",
                "ultron.openstack.retry.max-attempts", "6",
                "ultron.openstack.retry.initial-backoff", "50ms",
                "ultron.openstack.breaker.open-duration", "2m",
                "ultron.openstack.lease-ttl", "45s"));
        assertThat(tuned.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(tuned.retry().maxAttempts()).isEqualTo(6);
        assertThat(tuned.retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(tuned.retry().multiplier()).isEqualTo(2.0);
        assertThat(tuned.breaker().openDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(tuned.leaseTtl()).isEqualTo(Duration.ofSeconds(45));
    }
}
