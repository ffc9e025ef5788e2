package io.ultron.app.web;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

@ConfigurationProperties("ultron")
public record WebProperties(Web web, Idempotency idempotency) {

    /** @param maxBodyBytes larger request bodies are refused with 400 before they are read */
    public record Web(long maxBodyBytes) {
    }

    /**
     * @param ttl           how long a key and its final answer are kept
     * @param inProgressTtl how long a key stays taken by a request that no longer refreshes it (its node died)
     */
    public record Idempotency(Duration ttl, Duration inProgressTtl) {
    }
}
