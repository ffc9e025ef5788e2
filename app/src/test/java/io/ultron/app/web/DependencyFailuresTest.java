package io.ultron.app.web;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.common.jdbc.JdbcException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLRecoverableException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are a dependency that is down (503), however they are wrapped, and which are not. */
class DependencyFailuresTest {

    @Test
    void anUnreachableDatabaseOrRedisIsRecognisedInsideAxonsAndSpringsWrappers() {
        assertThat(ProblemAdvice.isDependencyDown(new CompletionException(
                new RecoverableDataAccessException("PreparedStatementCallback", new SQLRecoverableException("broken pipe"))))).isTrue();
        assertThat(ProblemAdvice.isDependencyDown(new CompletionException(
                new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection")))).isTrue();
        assertThat(ProblemAdvice.isDependencyDown(new CannotCreateTransactionException("Could not open JDBC Connection"))).isTrue();
        assertThat(ProblemAdvice.isDependencyDown(new JdbcException("Failed to read events",
                new SQLTransientConnectionException("Connection is not available, request timed out after 1500ms")))).isTrue();
        assertThat(ProblemAdvice.isDependencyDown(new CommandExecutionException("placement failed",
                new QueryTimeoutException("Redis command timed out", new RedisCommandTimeoutException("timed out"))))).isTrue();
        assertThat(ProblemAdvice.isDependencyDown(new CommandExecutionException("placement failed",
                new RedisConnectionFailureException("Unable to connect to Redis")))).isTrue();
    }

    @Test
    void bugsAndRefusedStatementsAreNot() {
        assertThat(ProblemAdvice.isDependencyDown(new IllegalStateException("a bug"))).isFalse();
        assertThat(ProblemAdvice.isDependencyDown(new CompletionException(new NullPointerException()))).isFalse();
        assertThat(ProblemAdvice.isDependencyDown(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(ProblemAdvice.isDependencyDown(new JdbcException("bad SQL", new SQLSyntaxErrorException("syntax")))).isFalse();
        assertThat(ProblemAdvice.isDependencyDown(new CommandExecutionException("script failed",
                new RedisCommandExecutionException("ERR Error running script")))).isFalse();
    }
}
