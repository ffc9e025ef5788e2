package io.ultron.app.axon;

import org.axonframework.modelling.saga.repository.jdbc.GenericSagaSqlSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Axon's saga table, but a saga is read with {@code FOR UPDATE}: the row stays locked until the unit of work that
 * loaded it commits. Axon serialises the work on one saga only inside one JVM, and Axon's JDBC saga store writes a
 * saga back whole, without a version check. With two nodes, a deadline of a saga running on one node (a step's
 * watchdog looks every few seconds) and that saga's next event handled on the other both loaded the same state and
 * the later commit overwrote the earlier one: a server's saga went back to waiting for a step that had already
 * answered, and the server stood still until the step-timeout sent the step again.
 */
final class LockingSagaSqlSchema extends GenericSagaSqlSchema {

    @Override
    public PreparedStatement sql_loadSaga(Connection connection, String sagaId) throws SQLException {
        PreparedStatement statement = connection.prepareStatement("SELECT " + sagaSchema.serializedSagaColumn() + ", "
                + sagaSchema.sagaTypeColumn() + ", " + sagaSchema.revisionColumn() + " FROM " + sagaSchema.sagaEntryTable()
                + " WHERE " + sagaSchema.sagaIdColumn() + " = ? FOR UPDATE");
        statement.setString(1, sagaId);
        return statement;
    }
}
