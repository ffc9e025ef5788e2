package io.ultron.app.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.ultron.api.error.DomainException;
import io.ultron.api.error.ErrorKind;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Maps every refusal to an RFC 7807 problem with a stable {@code code} and the trace id. The status comes
 * from the exception's type or {@link ErrorKind}, never from its message.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    private static final Map<ErrorKind, HttpStatus> STATUS = Map.of(
            ErrorKind.BAD_INPUT, HttpStatus.BAD_REQUEST,
            ErrorKind.FORBIDDEN, HttpStatus.FORBIDDEN,
            ErrorKind.NOT_FOUND, HttpStatus.NOT_FOUND,
            ErrorKind.CONFLICT, HttpStatus.CONFLICT,
            ErrorKind.RULE_VIOLATION, HttpStatus.UNPROCESSABLE_ENTITY,
            ErrorKind.UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        ProblemDetail problem = Problems.of(STATUS.get(e.kind()), e.code(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        var response = Problems.response(problem);
        if (e.kind() == ErrorKind.UNAVAILABLE) {
            // soon, not never: tell clients when to come back
            return ResponseEntity.status(response.getStatusCode()).header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(response.getBody());
        }
        return response;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
        return Problems.response(Problems.of(HttpStatus.NOT_FOUND, "not-found", "no resource with id " + e.getAggregateIdentifier()));
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrentChange(ConcurrencyException e) {
        return Problems.response(Problems.of(HttpStatus.CONFLICT, Problems.CONCURRENT_MODIFICATION,
                "the resource was changed by another request at the same time; retry"));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> dependencyDown(Exception e) {
        // one line per refused request: an outage would otherwise fill the log with the same stack trace
        log.warn("dependency unavailable: {}", e.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.DEPENDENCY_UNAVAILABLE,
                "a backing service is unavailable; retry later");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * Whether a failure comes from a database or Redis that cannot be reached (or did not answer in time), however
     * Axon or Spring wrapped it: by the types in its cause chain.
     */
    static boolean isDependencyDown(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof QueryTimeoutException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof SQLRecoverableException
                    || cause instanceof RecoverableDataAccessException || cause instanceof RedisConnectionException
                    || cause instanceof RedisCommandTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Query gateway futures and remote command results wrap the real refusal. */
    @ExceptionHandler({CompletionException.class, CommandExecutionException.class})
    ResponseEntity<ProblemDetail> wrapped(RuntimeException e) throws Exception {
        Throwable cause = e.getCause();
        if (cause instanceof DomainException domain) {
            return domain(domain);
        }
        if (cause instanceof AggregateNotFoundException notFound) {
            return aggregateNotFound(notFound);
        }
        if (cause instanceof ConcurrencyException concurrency) {
            return concurrentChange(concurrency);
        }
        return unexpected(e);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> parameterType(MethodArgumentTypeMismatchException e) {
        return Problems.response(Problems.of(HttpStatus.BAD_REQUEST, "invalid-parameter",
                "parameter '" + e.getName() + "' has an invalid value"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (isDependencyDown(e)) {
            return dependencyDown(e);
        }
        log.error("unexpected failure", e);
        return Problems.response(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "unexpected failure; quote the trace id when reporting it"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-body", unreadableReason(e)));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage()).sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-field", detail);
        problem.setProperty("errors", errors);
        return body(problem);
    }

    /** Every other Spring MVC refusal (405, 406, 415, missing parameter, unknown path ...) keeps its status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpStatus resolved = HttpStatus.resolve(status.value());
        HttpStatus problemStatus = resolved != null ? resolved : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = body instanceof ProblemDetail given && given.getDetail() != null ? given.getDetail() : problemStatus.getReasonPhrase();
        ProblemDetail problem = Problems.of(problemStatus, problemStatus.name().toLowerCase().replace('_', '-'), detail);
        return ResponseEntity.status(problemStatus).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<Object> body(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Says which field was wrong without echoing Jackson's internals (class names, stream positions). */
    private static String unreadableReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + path(unknown) + "'";
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "field '" + path(invalid) + "' has an invalid value";
        }
        if (cause instanceof MismatchedInputException mismatched) {
            String path = path(mismatched);
            return path.isEmpty() ? "request body has the wrong shape" : "field '" + path + "' has the wrong type";
        }
        if (cause instanceof JsonProcessingException) {
            return "request body is not valid JSON";
        }
        return "request body is missing or unreadable";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
