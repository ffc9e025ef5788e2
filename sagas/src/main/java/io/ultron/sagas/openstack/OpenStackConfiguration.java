package io.ultron.sagas.openstack;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.queryhandling.QueryGateway;
import org.openstack4j.core.transport.Config;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Clock;

/** The OpenStack adapter on conductor nodes: {@link OpenStackNetworks}, {@link OpenStackCompute} and what they run on. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpenStackProperties.class)
public class OpenStackConfiguration {

    /** Connect and read timeouts of every OpenStack call. */
    public static Config httpConfig(OpenStackProperties properties) {
        return Config.newConfig()
                .withConnectionTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
                .withReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()));
    }

    @Bean
    ClusterDirectory clusterDirectory(QueryGateway queryGateway, OpenStackProperties properties) {
        return new QueryGatewayClusterDirectory(queryGateway, properties.clusterCacheTtl(), Clock.systemUTC());
    }

    @Bean
    KeystoneTokens keystoneTokens(OpenStackProperties properties) {
        return new KeystoneTokens(properties.credentials()::get, httpConfig(properties), properties.tokenRefreshMargin(),
                Clock.systemUTC());
    }

    @Bean
    RedisCallCap redisCallCap(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String keyPrefix,
                              OpenStackProperties properties) {
        return new RedisCallCap(redis, keyPrefix, properties.leaseTtl());
    }

    @Bean
    ClusterPacing clusterPacing(StringRedisTemplate redis, @Value("${ultron.redis.key-prefix}") String keyPrefix) {
        return new ClusterPacing(redis, keyPrefix);
    }

    @Bean(destroyMethod = "close")
    ClusterExecutors clusterExecutors(OpenStackProperties properties) {
        return new ClusterExecutors(properties.maxThreadsPerCluster(), properties.queuePerCluster());
    }

    @Bean
    ClusterResilience clusterResilience(OpenStackProperties properties) {
        return new ClusterResilience(properties.retry(), properties.breaker(), properties.queuePerCluster());
    }

    @Bean(destroyMethod = "close")
    OpenStackCallRunner openStackCallRunner(ClusterDirectory clusterDirectory, KeystoneTokens keystoneTokens,
                                            RedisCallCap redisCallCap, ClusterPacing clusterPacing,
                                            ClusterExecutors clusterExecutors, ClusterResilience clusterResilience,
                                            OpenStackProperties properties, MeterRegistry meters) {
        return new OpenStackCallRunner(clusterDirectory, keystoneTokens, redisCallCap, clusterPacing, clusterExecutors,
                clusterResilience, httpConfig(properties), properties.leaseWait(), properties.rateLimitMaxWait(), meters);
    }

    @Bean
    OpenStackNetworks openStackNetworks(OpenStackCallRunner openStackCallRunner) {
        return new OpenStack4jNetworks(openStackCallRunner);
    }

    @Bean
    OpenStackCompute openStackCompute(OpenStackCallRunner openStackCallRunner) {
        return new OpenStack4jCompute(openStackCallRunner);
    }
}
