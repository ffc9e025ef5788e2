package io.ultron.projections.rebuild;

/**
 * How a rebuildable projection's handlers change their view table: each statement names the row it
 * changes ({@code key}) and writes {@code {table}} where the table name goes. Live, a statement runs at
 * once against the view table; during a rebuild, statements are collected and sent in JDBC batches at the
 * end of each chunk of events, in an order that keeps every row's statements in event order.
 */
public interface ViewWrites {

    String TABLE = "{table}";

    void update(String key, String sql, Object... args);
}
