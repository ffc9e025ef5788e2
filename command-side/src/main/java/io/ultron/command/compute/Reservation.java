package io.ultron.command.compute;

/**
 * What a batch holds in one cluster while it is in flight, so that concurrent batches cannot overbook it.
 * Every server takes one address of the VPC's subnet in the cluster's IDC.
 */
public record Reservation(long vcpus, long ramMb, int addresses) {

    public static final Reservation NONE = new Reservation(0, 0, 0);

    public Reservation {
        if (vcpus < 0 || ramMb < 0 || addresses < 0) {
            throw new IllegalArgumentException("a reservation is never negative: " + vcpus + " vCPUs, " + ramMb
                    + " MB, " + addresses + " addresses");
        }
    }

    /** What {@code servers} servers of {@code shape} hold. */
    public static Reservation of(ServerShape shape, int servers) {
        return new Reservation((long) shape.vcpus() * servers, (long) shape.ramMb() * servers, servers);
    }

    public Reservation plus(Reservation other) {
        return new Reservation(Math.addExact(vcpus, other.vcpus), Math.addExact(ramMb, other.ramMb),
                Math.addExact(addresses, other.addresses));
    }
}
