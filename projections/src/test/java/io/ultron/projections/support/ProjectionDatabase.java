package io.ultron.projections.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.function.Function;

/**
 * A test class's fresh database with one projection over it: register as a static {@code @RegisterExtension} field,
 * then deliver events through {@link #projector()} and read what they wrote with {@link #rows()}.
 */
public final class ProjectionDatabase implements BeforeAllCallback, AfterAllCallback {

    private final Function<JdbcTemplate, Object> projection;
    private FreshDatabase database;
    private Projector projector;
    private Rows rows;

    /** {@code projection}: the projection under test, made over the fresh database's JdbcTemplate. */
    public ProjectionDatabase(Function<JdbcTemplate, Object> projection) {
        this.projection = projection;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = FreshDatabase.create();
        projector = new Projector(projection.apply(database.jdbc()), database.dataSource());
        rows = new Rows(database.jdbc());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            database.close();
        }
    }

    public Projector projector() {
        return projector;
    }

    public Rows rows() {
        return rows;
    }

    public JdbcTemplate jdbc() {
        return database.jdbc();
    }
}
