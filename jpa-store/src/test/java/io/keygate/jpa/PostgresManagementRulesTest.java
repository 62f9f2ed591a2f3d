package io.keygate.jpa;

import io.keygate.service.ManagementRulesContract;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The §7.1 rules on JpaApiKeyStore on Postgres: every refusal and its audit event, every allowed change and its event. */
class PostgresManagementRulesTest extends ManagementRulesContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::postgres);

    @Override
    protected ManagementStore newStore() {
        return scratch.emptied();
    }
}
