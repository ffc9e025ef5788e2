package io.ultron.projections.rebuild;

import org.axonframework.config.ProcessingGroup;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotationUtils;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A projection that can be rebuilt blue/green: its handlers write its tables with plain SQL through {@link ViewWrites},
 * and {@link #writingInto} gives the same handlers writing tables of another name. {@link ProjectionRebuilds} runs that
 * copy as a processing group of its own from the first event into new tables, and swaps them in at the head.
 * Handlers must be idempotent (an event applied twice changes nothing the second time): after the swap the live
 * group goes on from where it was stopped, which may be a little behind what the rebuild applied.
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

    /** Every read table the projection writes; all are rebuilt and swapped in together. */
    List<String> tables();

    /** The same handlers, writing each table {@code t} of {@link #tables()} as {@code names.apply(t)}, through {@code writes}. */
    Object writingInto(UnaryOperator<String> names, ViewWrites writes);
}
