package io.requiredsince.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * An engine's road for one column, split where a rolling deploy splits it. {@link #expand} runs at
 * {@code migrate()}: the column is added and backfilled, and an insert that omits it (the version
 * still running) keeps succeeding and gives the row its value, through the column's default (a
 * constant) or a {@link Fill}. {@link #complete} runs at {@code complete()}, or at the next version:
 * fill what is left, tighten, drop the fill and the temporary default. Run together ({@code
 * completeImmediately}), the road has no fill at all and is the single-instance road.
 *
 * @param expand the steps of {@code migrate()}
 * @param complete the steps of {@code complete()}; empty when the road was made to complete at once
 */
public record Road(List<Step> expand, List<Step> complete) {

    public Road {
        expand = List.copyOf(expand);
        complete = List.copyOf(complete);
    }

    /** Both phases, in order. */
    public List<Step> all() {
        List<Step> all = new ArrayList<>(expand);
        all.addAll(complete);
        return all;
    }

    /** A road without a second phase. */
    public static Road single(List<Step> steps) {
        return new Road(steps, List.of());
    }

    /**
     * Puts an engine's road together.
     *
     * @param rolling whether the road is split for a rolling deploy; when not, the fill is left out
     * @param add the steps that make the column exist
     * @param fill what keeps inserts that omit the column right while expanded: the default or the
     *     fill's step; empty when there is nothing to put in place (a Java backfill)
     * @param tightenWhileFilled whether the column can be NOT NULL while the fill is in place (a
     *     default, a fill that runs before the NOT NULL check): then expand tightens; otherwise the
     *     column stays nullable until complete, which backfills once more what was inserted meanwhile
     * @param backfill the batched walk that gives the existing rows their value
     * @param sweep the final pass over the rows written during the walk, which proves none is left
     *     NULL; in expand wherever a fill covers the inserts meanwhile, so a backfill that yields NULL
     *     is found at expand, not at complete
     * @param tighten the steps that make the column NOT NULL
     * @param settle the steps after: the fill dropped, the default settled
     */
    public static Road of(boolean rolling, List<Step> add, List<Step> fill, boolean tightenWhileFilled,
                          List<Step> backfill, List<Step> sweep, List<Step> tighten, List<Step> settle) {
        List<Step> expand = new ArrayList<>(add);
        List<Step> complete = new ArrayList<>();
        if (!rolling) {
            expand.addAll(backfill);
            expand.addAll(sweep);
            expand.addAll(tighten);
            expand.addAll(settle);
            return new Road(expand, complete);
        }
        expand.addAll(fill);
        expand.addAll(backfill);
        if (tightenWhileFilled) {
            expand.addAll(sweep);
            expand.addAll(tighten);
        } else {
            if (!fill.isEmpty()) {
                // Only where the fill is in place (a table without a key may get none): else the
                // old version's inserts meanwhile would be taken for a backfill that yields NULL.
                sweep.forEach(s -> expand.add(new Step(s.name(), Step.Guard.NULLABLE_AND_FILLED, s.effect(),
                        s.action())));
            }
            complete.addAll(backfill);
            complete.addAll(sweep);
            complete.addAll(tighten);
        }
        complete.addAll(settle);
        return new Road(expand, complete);
    }
}
