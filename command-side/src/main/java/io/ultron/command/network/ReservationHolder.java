package io.ultron.command.network;

/**
 * Who a reserved range of the address space is kept for: a department or a purpose
 * (e.g. {@code department("finance")}, {@code purpose("bigdata")}).
 */
public record ReservationHolder(Kind kind, String name) {

    public enum Kind { DEPARTMENT, PURPOSE }

    public ReservationHolder {
        if (kind == null) {
            throw new IllegalArgumentException("reservation holder kind must not be null");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("reservation holder name must not be blank");
        }
    }

    public static ReservationHolder department(String name) {
        return new ReservationHolder(Kind.DEPARTMENT, name);
    }

    public static ReservationHolder purpose(String name) {
        return new ReservationHolder(Kind.PURPOSE, name);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + ":" + name;
    }
}
