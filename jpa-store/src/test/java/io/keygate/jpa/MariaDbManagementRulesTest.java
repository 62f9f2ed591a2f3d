package io.keygate.jpa;

import io.keygate.service.ManagementRulesContract;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The §7.1 rules on JpaApiKeyStore on MariaDb: every refusal and its audit event, every allowed change and its event. */
class MariaDbManagementRulesTest extends ManagementRulesContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::mariaDb);

    @Override
    protected ManagementStore newStore() {
        return scratch.emptied();
    }
}
