package io.ultron.app.admin;

import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import io.ultron.app.roles.Roles;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Events a projection failed to handle wait in its dead-letter queue (per aggregate, in order; later
 * events of the same aggregate queue behind them). Listing works wherever the processing group is
 * configured; retrying needs the group's handlers, so it is answered by nodes that also run as conductor.
 */
@RestController
@Conditional(Roles.IsApi.class)
@RequestMapping("/api/v1/admin/dead-letters")
class DeadLetterController {

    private final EventProcessingConfiguration processing;

    DeadLetterController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    record DeadLetterView(String processingGroup, String eventId, String aggregateId, Long sequenceNumber,
                          String payloadType, String traceId, String causeType, String causeMessage,
                          Instant enqueuedAt, Instant lastTouched) {
    }

    record RetryResult(String processingGroup, int sequencesRetried, long remaining) {
    }

    @GetMapping
    List<DeadLetterView> list(@RequestParam(required = false) String processingGroup) {
        List<String> groups = processingGroup != null ? List.of(processingGroup)
                : processing.eventProcessors().keySet().stream().sorted().toList();
        List<DeadLetterView> views = new ArrayList<>();
        for (String group : groups) {
            Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(group);
            if (queue.isEmpty()) {
                if (processingGroup != null) {
                    throw noQueue(group);
                }
                continue;
            }
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.get().deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    views.add(view(group, letter));
                }
            }
        }
        return views;
    }

    /** Retries every dead-lettered sequence of the group once; what fails again stays queued. */
    @PostMapping("/{processingGroup}/retry")
    RetryResult retry(@PathVariable String processingGroup) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(processingGroup)
                .orElseThrow(() -> noQueue(processingGroup));
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(processingGroup)
                .orElseThrow(() -> noQueue(processingGroup));
        long sequences = queue.amountOfSequences();
        int retried = 0;
        for (long i = 0; i < sequences && processor.processAny(); i++) {
            retried++;
        }
        return new RetryResult(processingGroup, retried, queue.size());
    }

    private static DeadLetterView view(String group, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String aggregateId = null;
        Long sequence = null;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        }
        Optional<Cause> cause = letter.cause();
        return new DeadLetterView(group, message.getIdentifier(), aggregateId, sequence, message.getPayloadType().getSimpleName(),
                (String) message.getMetaData().get("traceId"), cause.map(Cause::type).orElse(null),
                cause.map(Cause::message).orElse(null), letter.enqueuedAt(), letter.lastTouched());
    }

    private static DomainException noQueue(String group) {
        return new DomainException(ErrorKind.NOT_FOUND, "dead-letter-queue-not-found",
                "no dead-letter queue for processing group " + group + " on this node");
    }
}
