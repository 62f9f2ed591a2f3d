package io.keygate.store;

/**
 * SPI: the append-only audit log (contract §7.5). There is deliberately no way to change or delete an event.
 *
 * <p>Events of management changes are written by the stores themselves, in the transaction of the change they
 * record (see the {@code AuditEvent} parameters of {@link ApiKeyStore}, {@link ServiceAccountStore} and
 * {@link OrganizationPlanStore}); {@link #append} is for events that accompany no change: refused attempts and
 * console sign-ins. Implementations are thread-safe; every method may throw {@link StoreUnavailableException}.
 */
public interface AuditLog {

    /**
     * Appends one event. Durable when it returns.
     *
     * @throws IllegalArgumentException if a field does not fit the store ({@link AuditEvent#MAX_FIELD_LENGTH})
     */
    void append(AuditEvent event);

    /** One page of events, newest first (ties by id), filtered and paged by the store, never by loading all. */
    Page<AuditEvent> search(AuditQuery query);
}
