package io.ultron.sim.compute;

import java.util.List;

/** A Nova flavor. The list mirrors a typical public cloud's general-purpose sizes. */
public record Flavor(String id, String name, int vcpus, int ramMb, int diskGb) {

    public static final List<Flavor> ALL = List.of(
            new Flavor("1", "m1.tiny", 1, 512, 1),
            new Flavor("2", "m1.small", 1, 2048, 20),
            new Flavor("3", "m1.medium", 2, 4096, 40),
            new Flavor("4", "m1.large", 4, 8192, 80),
            new Flavor("5", "m1.xlarge", 8, 16384, 160),
            new Flavor("c2.4xlarge", "c2.4xlarge", 16, 32768, 100));

    public static Flavor find(String id) {
        return ALL.stream().filter(flavor -> flavor.id().equals(id)).findFirst().orElse(null);
    }
}
