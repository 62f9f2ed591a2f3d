package io.keygate.jpa;

import io.keygate.service.ManagementRulesContract;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The §7.1 rules on JpaApiKeyStore on H2: every refusal and its audit event, every allowed change and its event. */
class H2ManagementRulesTest extends ManagementRulesContract {

    @RegisterExtension
    static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::h2);

    @Override
    protected ManagementStore newStore() {
        return scratch.emptied();
    }
}
