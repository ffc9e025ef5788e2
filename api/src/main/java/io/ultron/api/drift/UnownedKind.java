package io.ultron.api.drift;

/**
 * What a server no Ultron server owns is. {@code LEFTOVER}: named {@code ultron-*}, so Ultron made it, but nothing of
 * Ultron's holds it any more (a failed clean-up, a second create after a lost answer); deleted after a grace period.
 * {@code UNMANAGED}: made outside Ultron; listed, and may be adopted.
 */
public enum UnownedKind {
    LEFTOVER, UNMANAGED;

    public static final String ULTRON_PREFIX = "ultron-";

    public static UnownedKind ofName(String novaName) {
        return novaName != null && novaName.startsWith(ULTRON_PREFIX) ? LEFTOVER : UNMANAGED;
    }
}
