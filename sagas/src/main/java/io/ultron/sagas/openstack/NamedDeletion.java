package io.ultron.sagas.openstack;

import io.ultron.api.cluster.ClusterId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Deletes every OpenStack resource that a lookup by its Ultron name finds. A DELETE answered 404 does not prove the
 * resource gone: a foreign OpenStack may have looked for it under another id (a retry that created it twice) or on a
 * replica that is behind. So after a 404 the resources are looked up by name again and what is still there is
 * deleted again, a few rounds at most; what is left after them fails the call as {@code INCONSISTENT}
 * (retryable), so the clean-up is tried again later instead of leaking the resource.
 */
final class NamedDeletion {

    static final int MAX_ROUNDS = 3;

    private NamedDeletion() {
    }

    /**
     * @param lookup the resources named after the Ultron resource, now
     * @param delete deletes one by id; false when OpenStack answered 404
     */
    static <T> void deleteAll(ClusterId cluster, String operation, Supplier<List<T>> lookup, Function<T, String> id,
                              Predicate<String> delete) {
        // answered 2xx: gone or going (Nova deletes in the background and lists the server meanwhile)
        Set<String> deleted = new HashSet<>();
        List<T> found = lookup.get();
        for (int round = 1; ; round++) {
            boolean notFound = false;
            for (T resource : found) {
                String resourceId = id.apply(resource);
                if (!deleted.contains(resourceId)) {
                    if (delete.test(resourceId)) {
                        deleted.add(resourceId);
                    } else {
                        notFound = true;
                    }
                }
            }
            if (!notFound) {
                return;
            }
            found = lookup.get().stream().filter(resource -> !deleted.contains(id.apply(resource))).toList();
            if (found.isEmpty()) {
                return;
            }
            if (round == MAX_ROUNDS) {
                throw OpenStackCallException.of(cluster, operation, OpenStackCallException.Reason.INCONSISTENT,
                        "OpenStack answers 404 to deleting " + found.stream().map(id).toList()
                                + " but still lists them after " + MAX_ROUNDS + " rounds");
            }
        }
    }
}
