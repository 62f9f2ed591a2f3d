package io.keygate.sample.api;

import io.keygate.limit.Plan;

import java.util.List;

/** A plan of the admin API (contract §7.4): a name, whether it includes API access, and its limits. */
public record PlanView(String name, boolean apiAccess, List<LimitView> limits) {

    public record LimitView(long limit, long windowSeconds) {
    }

    public static PlanView of(Plan p) {
        return new PlanView(p.name(), p.apiAccess(),
                p.limits().stream().map(l -> new LimitView(l.limit(), l.windowSeconds())).toList());
    }
}
