package io.ultron.projections.rebuild;

import org.axonframework.config.ProcessingGroup;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotationUtils;

import java.util.List;

/**
 * A projection that can be rebuilt blue/green. To plug one in: implement this on the projection bean,
 * and in every {@code @EventHandler} write through {@code tables.writes(table)} (a {@link ViewWrites}:
 * the row's key, the statement with {@code {table}} for the table name, its arguments). {@link ProjectionRebuilder}
 * then replays the whole event stream through the same handler methods into fresh copies of the projection's
 * tables and swaps them in together when they have caught up.
 * Each statement may touch one row of one table only (or only rows sharing its key): rows of different keys are
 * written in parallel during a rebuild.
 */
public interface RebuildableProjection {

    /** The class's {@code @ProcessingGroup}, which is also the name used by the admin API, e.g. {@code cluster-view}. */
    default String processingGroup() {
        ProcessingGroup group = AnnotationUtils.findAnnotation(AopUtils.getTargetClass(this), ProcessingGroup.class);
        if (group == null) {
            throw new IllegalStateException(AopUtils.getTargetClass(this).getName() + " has no @ProcessingGroup");
        }
        return group.value();
    }

    /** The projection's main read table, e.g. {@code cluster_view}; it also names the projection's gate row. */
    String table();

    /** Every read table the projection writes (the main one first); all are rebuilt and swapped in together. */
    default List<String> tables() {
        return List.of(table());
    }
}
