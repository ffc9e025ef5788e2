package io.ultron.sim.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void letsTheLimitThroughPerSecondAndSaysWhenTheNextWindowOpens() {
        RateLimiter limiter = new RateLimiter();

        assertThat(limiter.tryAcquire(2, 10_000)).isZero();
        assertThat(limiter.tryAcquire(2, 10_100)).isZero();
        assertThat(limiter.tryAcquire(2, 10_400)).isEqualTo(600);
        assertThat(limiter.tryAcquire(2, 11_000)).isZero();
    }

    @Test
    void aLimitOfZeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter();

        for (int i = 0; i < 1_000; i++) {
            assertThat(limiter.tryAcquire(0, 10_000)).isZero();
        }
    }
}
