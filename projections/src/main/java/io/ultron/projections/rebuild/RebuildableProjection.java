package io.ultron.projections.rebuild;

/**
 * A projection that can be rebuilt blue/green. To plug one in: implement this on the projection bean,
 * and in every {@code @EventHandler} write through {@code tables.writes(table())} (a {@link ViewWrites}:
 * the row's key, the statement with {@code {table}} for the table name, its arguments). {@link ProjectionRebuilder} then replays the whole event stream through the same handler
 * methods into a fresh copy of the table and swaps it in when it has caught up.
 */
public interface RebuildableProjection {

    /** The processing group, which is also the name used by the admin API, e.g. {@code cluster-view}. */
    String processingGroup();

    /** The read table the queries read, e.g. {@code cluster_view}. */
    String table();
}
