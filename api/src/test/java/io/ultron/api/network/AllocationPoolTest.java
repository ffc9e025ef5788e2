package io.ultron.api.network;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AllocationPoolTest {

    @Test
    void readsAndWritesTheTextEventsCarry() {
        AllocationPool pool = AllocationPool.parse("11.0.0.2-11.0.0.126");
        assertThat(pool.first()).isEqualTo(Ipv4.parse("11.0.0.2"));
        assertThat(pool.last()).isEqualTo(Ipv4.parse("11.0.0.126"));
        assertThat(pool.size()).isEqualTo(125);
        assertThat(pool).hasToString("11.0.0.2-11.0.0.126");
        assertThat(AllocationPool.parse("11.0.4.9-11.0.4.9").size()).as("one address").isEqualTo(1);
    }

    @Test
    void refusesWhatIsNotAPool() {
        assertThatThrownBy(() -> AllocationPool.parse("11.0.0.2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationPool.parse("11.0.0.9-11.0.0.2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AllocationPool.parse("11.0.0.2-nonsense")).isInstanceOf(IllegalArgumentException.class);
    }
}
