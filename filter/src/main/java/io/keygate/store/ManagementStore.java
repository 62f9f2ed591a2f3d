package io.keygate.store;

/**
 * A key store that also keeps service accounts, teams and the audit log, in one database so that a change and its
 * audit event commit together. {@code Keygate.builder().store(...)} takes these parts from such a store unless
 * others are given. The in-memory and the JPA stores are management stores.
 */
public interface ManagementStore extends ApiKeyStore {

    ServiceAccountStore serviceAccounts();

    TeamStore teams();

    AuditLog auditLog();
}
