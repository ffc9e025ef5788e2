package io.ultron.app.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The API keys this node has looked up, by hash, each with the revision and continuity of {@link ApiKeyRevisions}
 * current when its row was read (taken before the read): a key is answered from memory, without asking the database
 * or Redis, only while that is still current and the copy is younger than {@code ultron.security.api-keys.max-age};
 * otherwise its row is read again. A revocation does not answer before every node has taken its new revision (or
 * stopped using copies), so every node refuses the key at its next request; expiry is checked at every request against
 * the copy's expiry. While this node has no confirmed read of the revision (Redis away), every copy is dropped and
 * every key is looked up in the database, as is a key this node has not seen (unknown keys are never kept: a key made
 * on another node works at once). The age limit is a backstop for what the revision cannot see (a Redis that lost its
 * data and counted up to the same revision again). {@code max-age: 0} turns the copies off. Holds hashes and what the
 * list of keys shows, never a key.
 */
@Component
class KnownApiKeys {

    /** More keys than any deployment has: past it, every copy is dropped (and read again when used). */
    static final int MAX_COPIES = 10_000;

    private record Copy(ApiKeys.Found found, String revision, long readAtNanos) {
    }

    private final ApiKeys keys;
    private final ApiKeyRevisions revisions;
    private final long maxAgeNanos;
    private final Map<String, Copy> copies = new ConcurrentHashMap<>();
    private final LongAdder lookups = new LongAdder();

    KnownApiKeys(ApiKeys keys, ApiKeyRevisions revisions,
                 @Value("${ultron.security.api-keys.max-age:10s}") Duration maxAge) {
        this.keys = keys;
        this.revisions = revisions;
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The key with this hash, from memory if still current, else from the database (whose failures propagate). */
    Optional<ApiKeys.Found> find(String hash) {
        if (maxAgeNanos <= 0) {
            return lookUp(hash);
        }
        Optional<String> revision = revisions.current();
        if (revision.isEmpty()) {
            copies.clear();
            return lookUp(hash);
        }
        long now = System.nanoTime();
        Copy copy = copies.get(hash);
        if (copy != null && copy.revision().equals(revision.get()) && now - copy.readAtNanos() < maxAgeNanos) {
            return Optional.of(copy.found());
        }
        // read after the revision: a revocation stored before this read replaced that revision (or this read sees it)
        Optional<ApiKeys.Found> found = lookUp(hash);
        if (found.isPresent()) {
            if (copies.size() >= MAX_COPIES) {
                copies.clear();
            }
            copies.put(hash, new Copy(found.get(), revision.get(), now));
        } else {
            copies.remove(hash);
        }
        return found;
    }

    private Optional<ApiKeys.Found> lookUp(String hash) {
        lookups.increment();
        return keys.findByHash(hash);
    }

    /** How many times this node has read a key's row (for tests). */
    long lookups() {
        return lookups.sum();
    }
}
