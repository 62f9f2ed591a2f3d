package io.keygate.service;

import io.keygate.metrics.Meters;
import io.keygate.metrics.SharedMeters;
import io.keygate.store.AuditEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@value Meters#AUDIT_EVENTS}: events written, by outcome. Without a registry it counts nothing. */
final class AuditMetrics implements AutoCloseable {

    private final SharedMeters meters;
    private final Counter success;
    private final Counter denied;

    AuditMetrics(MeterRegistry registry) {
        if (registry == null) {
            meters = null;
            success = null;
            denied = null;
            return;
        }
        meters = new SharedMeters(registry);
        success = counter(AuditEvent.Outcome.SUCCESS);
        denied = counter(AuditEvent.Outcome.DENIED);
    }

    private Counter counter(AuditEvent.Outcome outcome) {
        return meters.hold(Counter.builder(Meters.AUDIT_EVENTS)
                .tag(Meters.OUTCOME, outcome.wireName())
                .description("Audit events written by keygate's management services")
                .baseUnit("events")
                .register(meters.registry()));
    }

    void written(AuditEvent.Outcome outcome) {
        Counter c = outcome == AuditEvent.Outcome.SUCCESS ? success : denied;
        if (c != null) {
            c.increment();
        }
    }

    @Override
    public void close() {
        if (meters != null) {
            meters.close();
        }
    }
}
