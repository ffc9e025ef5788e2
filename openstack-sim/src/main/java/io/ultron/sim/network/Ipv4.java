package io.ultron.sim.network;

/** IPv4 addresses as unsigned ints held in a long, and CIDR blocks. */
public final class Ipv4 {

    private Ipv4() {
    }

    /** @return the address, or -1 when the text is not a dotted quad */
    public static long parse(String text) {
        if (text == null) {
            return -1;
        }
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return -1;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }

    /** A block such as 10.0.0.0/24. */
    public record Cidr(long network, int prefix) {

        /** @return the block, or null when the text is not a valid IPv4 CIDR with no host bits set */
        public static Cidr parse(String text) {
            if (text == null || !text.contains("/")) {
                return null;
            }
            String[] parts = text.split("/", 2);
            long address = Ipv4.parse(parts[0]);
            if (address < 0 || !parts[1].matches("\\d{1,2}")) {
                return null;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix > 32) {
                return null;
            }
            Cidr cidr = new Cidr(address, prefix);
            return cidr.network() == (address & cidr.mask()) ? cidr : null;
        }

        public long mask() {
            return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        }

        public long broadcast() {
            return network | (~mask() & 0xFFFFFFFFL);
        }

        public boolean contains(long address) {
            return address >= network && address <= broadcast();
        }

        /** Neutron never hands out the network and broadcast addresses of an IPv4 subnet. */
        public boolean isUsableHost(long address) {
            if (!contains(address)) {
                return false;
            }
            return prefix >= 31 || (address != network && address != broadcast());
        }

        public boolean overlaps(Cidr other) {
            return network <= other.broadcast() && other.network <= broadcast();
        }

        @Override
        public String toString() {
            return Ipv4.format(network) + "/" + prefix;
        }
    }
}
