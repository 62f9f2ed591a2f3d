package io.keygate.service;

import io.keygate.metrics.Meters;
import io.keygate.metrics.SharedMeters;
import io.keygate.store.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@value Meters#AUDIT_EVENTS}: events written, by action and outcome (fixed sets: eight actions, two outcomes).
 * Registered with the first event written, not up front: an application that uses keygate only to authenticate
 * (its filters' meters come and go with them, see {@link SharedMeters}) gets no management meters. Without a
 * registry it counts nothing. Thread-safe.
 */
final class AuditMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final SharedMeters meters;
    /** Guarded by {@code this}. */
    private final Map<AuditEvent.Action, Map<AuditEvent.Outcome, Counter>> counters =
            new EnumMap<>(AuditEvent.Action.class);

    AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.meters = registry == null ? null : new SharedMeters(registry);
    }

    void written(AuditEvent event) {
        if (meters != null) {
            counter(event.action(), event.outcome()).increment();
        }
    }

    private synchronized Counter counter(AuditEvent.Action action, AuditEvent.Outcome outcome) {
        if (counters.isEmpty()) {
            for (AuditEvent.Action a : AuditEvent.Action.values()) {
                Map<AuditEvent.Outcome, Counter> byOutcome = new EnumMap<>(AuditEvent.Outcome.class);
                for (AuditEvent.Outcome o : AuditEvent.Outcome.values()) {
                    byOutcome.put(o, meters.hold(Counter.builder(Meters.AUDIT_EVENTS)
                            .tag(Meters.ACTION, a.wireName())
                            .tag(Meters.OUTCOME, o.wireName())
                            .description("Audit events written by keygate's management services")
                            .baseUnit("events")
                            .register(registry)));
                }
                counters.put(a, byOutcome);
            }
        }
        return counters.get(action).get(outcome);
    }

    @Override
    public void close() {
        if (meters != null) {
            meters.close();
        }
    }
}
