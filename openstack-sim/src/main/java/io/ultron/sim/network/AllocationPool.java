package io.ultron.sim.network;

/** An allocation pool of a subnet as Neutron takes it: the first and last address, both included. */
public record AllocationPool(String start, String end) {
}
