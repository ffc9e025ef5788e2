package io.ultron.scripted;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * POST endpoints whose answers a test scripts, for what the filters in front of every controller do with them
 * (outside {@code io.ultron.app}, so only tests that import it get it). Their refusals are the exceptions the
 * real handlers throw, mapped by the real {@code ProblemAdvice}.
 */
@RestController
@RequestMapping("/test/scripted")
public class ScriptedEndpoints {

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> releases = new ConcurrentHashMap<>();

    /** The first call for a name fails as {@code failure} says; every later one creates it (201 with the call's number). */
    @PostMapping("/fail-once/{failure}/{name}")
    ResponseEntity<Map<String, Object>> failOnce(@PathVariable String failure, @PathVariable String name) {
        int call = calls.computeIfAbsent(failure + "/" + name, key -> new AtomicInteger()).incrementAndGet();
        if (call == 1) {
            switch (failure) {
                case "lost-race" -> throw new ConcurrencyException("another request appended to the aggregate first");
                case "action-pending" -> throw new DomainException(ErrorKind.CONFLICT, "action-pending", "still starting");
                case "unavailable" -> throw new DomainException(ErrorKind.UNAVAILABLE, "addresses-provisioning", "not yet");
                case "internal" -> throw new IllegalStateException("a bug");
                case "rate-limited" -> {
                    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "1").build();
                }
                case "name-taken" -> throw new DomainException(ErrorKind.CONFLICT, "name-taken", "the name is taken");
                case "rule" -> throw new DomainException(ErrorKind.RULE_VIOLATION, "idc-full", "the IDC is full");
                case "not-found" -> throw new DomainException(ErrorKind.NOT_FOUND, "not-found", "no such thing");
                default -> throw new IllegalArgumentException("unknown failure " + failure);
            }
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", name, "call", call));
    }

    /** Answers 201 once the test {@link #release}s the name (at most 30 s later). */
    @PostMapping("/held/{name}")
    ResponseEntity<Map<String, Object>> held(@PathVariable String name) throws InterruptedException {
        int call = calls.computeIfAbsent("held/" + name, key -> new AtomicInteger()).incrementAndGet();
        if (!latch(name).await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never released");
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("name", name, "call", call));
    }

    public void release(String name) {
        latch(name).countDown();
    }

    /** How often {@code failOnce(failure, name)} (or {@code held} with failure "held") has run. */
    public int calls(String failure, String name) {
        AtomicInteger count = calls.get(failure + "/" + name);
        return count == null ? 0 : count.get();
    }

    private CountDownLatch latch(String name) {
        return releases.computeIfAbsent(name, key -> new CountDownLatch(1));
    }
}
