package io.keygate.jpa;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.Supplier;

/**
 * A {@link JpaApiKeyStore} on a scratch database for one test class, registered as a static extension: the database
 * is opened (or the class skipped, as {@link ScratchDatabase} decides) before the first test and closed after the
 * last; {@link #emptied()} hands each test the store without the keys earlier tests left.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ScratchStore scratch = ScratchStore.on(ScratchDatabase::postgres);
 * }</pre>
 */
final class ScratchStore implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<ScratchDatabase> opener;
    private ScratchDatabase database;
    private JpaApiKeyStore store;

    private ScratchStore(Supplier<ScratchDatabase> opener) {
        this.opener = opener;
    }

    static ScratchStore on(Supplier<ScratchDatabase> opener) {
        return new ScratchStore(opener);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = opener.get();
        store = JpaApiKeyStore.create(database.dataSource());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (store != null) {
            store.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** The store, with every key deleted. */
    JpaApiKeyStore emptied() {
        database.deleteAllKeys();
        return store;
    }
}
