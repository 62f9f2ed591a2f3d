package io.keygate.jpa;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.Actor;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.service.NewServiceAccount;
import io.keygate.service.ValidationException;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.KeyQuery;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On every database: a change and its audit event commit together (a change whose event the database refuses is
 * rolled back), the audit table holds no key and no hash, and text no database can store is refused before any
 * statement reaches it.
 */
class AuditTransactionTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void changeWhenItsEventCannotBeWrittenThenTheChangeIsRolledBack(String db) {
        Instant t0 = Instant.parse("2026-06-01T00:00:00Z");
        MutableClock clock = MutableClock.at(t0);
        try (ScratchDatabase database = ScratchDatabase.open(db, true);
             JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource());
             Keygate keygate = Keygate.builder().store(store).clock(clock).build()) {
            Actor admin = admin(keygate);
            String account = keygate.serviceAccounts().create(admin, new NewServiceAccount("ci", null, null)).id();
            ApiKey owned = keygate.service().create(admin, NewKey.builder(null, Owner.serviceAccount(account)).build())
                    .key();
            long eventsBefore = events(store);
            // from now on the database refuses every event (but console ones): no change may happen without its event
            database.update("ALTER TABLE audit_event ADD CONSTRAINT kg_test_refuse CHECK (action LIKE 'console.%'"
                    + " OR occurred_at <= " + t0.toEpochMilli() + ")");
            clock.advance(Duration.ofMinutes(1));

            assertThatThrownBy(() -> keygate.service().create(admin, NewKey.builder(null, null).name("orphan").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keygate.service().revoke(admin, owned.id()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keygate.service().rotate(admin, owned.id(), 0))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keygate.serviceAccounts().disable(admin, account))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> keygate.serviceAccounts().create(admin, new NewServiceAccount("x", null, null)))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(store.search(KeyQuery.builder().nameContains("orphan").build()).total()).isZero();
            assertThat(store.findById(owned.id()).orElseThrow().revokedAt()).isNull();
            assertThat(store.search(KeyQuery.builder().ownerId(account).build()).total()).isEqualTo(1);
            assertThat(keygate.serviceAccounts().get(account).orElseThrow().isActive()).isTrue();
            assertThat(store.serviceAccounts().search(new io.keygate.store.ServiceAccountQuery(null, null, null, 1, 10))
                    .total()).isEqualTo(1);
            assertThat(events(store)).isEqualTo(eventsBefore);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void auditTableWhenEveryActionRanThenNoColumnHoldsAKeyOrAHash(String db) throws Exception {
        try (ScratchDatabase database = ScratchDatabase.open(db, true);
             JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource());
             Keygate keygate = Keygate.builder().store(store).build()) {
            Actor admin = admin(keygate);
            List<String> secrets = new ArrayList<>();
            CreatedKey created = keygate.service().create(admin, NewKey.builder(null, null).build());
            CreatedKey rotated = keygate.service().rotate(admin, created.key().id(), 60).orElseThrow();
            keygate.service().revoke(admin, rotated.key().id());
            String account = keygate.serviceAccounts().create(admin, new NewServiceAccount("ci", null, null)).id();
            CreatedKey owned = keygate.service().create(admin, NewKey.builder(null, Owner.serviceAccount(account))
                    .build());
            keygate.serviceAccounts().disable(admin, account);
            // refused attempts quoting a key where an id belongs, and a forged client address holding one
            Actor forged = keygate.service().actor(admin.keyId(), rotated.plaintext());
            assertThatThrownBy(() -> keygate.service().create(forged, NewKey.builder(owned.plaintext(), null)
                    .build())).isInstanceOf(RuntimeException.class);
            keygate.audit().record(forged, AuditEvent.Action.CONSOLE_SIGN_IN, AuditEvent.Outcome.DENIED,
                    AuditEvent.TargetType.KEY, created.plaintext(), created.plaintext());
            for (CreatedKey k : List.of(created, rotated, owned)) {
                secrets.add(k.plaintext());
                secrets.add(k.plaintext().substring(8, 40));
                secrets.add(k.key().hash());
            }
            secrets.add(keyHashOf(admin, store));

            List<String> rows = dump(database, "SELECT * FROM audit_event");

            assertThat(rows).hasSizeGreaterThanOrEqualTo(8);
            for (String row : rows) {
                for (String secret : secrets) {
                    assertThat(row).doesNotContain(secret);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void textNoDatabaseCanStoreWhenGivenThenValidationNamesTheFieldAndNoStatementRuns(String db) {
        try (ScratchDatabase database = ScratchDatabase.open(db, true)) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), database.type,
                    JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
                 Keygate keygate = Keygate.builder().store(store).build()) {
                Actor admin = admin(keygate);
                String emoji = "\uD83D\uDE00";
                counting.reset();

                for (String bad : List.of("nul\u0000inside", "lone \uD83D high", "lone \uDE00 low")) {
                    assertThatThrownBy(() -> keygate.service().create(admin, NewKey.builder(null, null).name(bad)
                            .build())).isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("name"));
                    assertThatThrownBy(() -> keygate.service().search(admin, new KeyQuery(null, bad, 1, 10)))
                            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("q"));
                    assertThatThrownBy(() -> keygate.serviceAccounts().create(admin, new NewServiceAccount(bad, null,
                            null))).isInstanceOf(ValidationException.class);
                }
                assertThat(counting.executedSql()).as("statements sent for refused text").isEmpty();

                ApiKey longName = keygate.service().create(admin, NewKey.builder(null, null).name(emoji.repeat(128))
                        .expiresAt(io.keygate.service.ApiKeyService.MAX_EXPIRES_AT).build()).key();
                assertThat(store.findById(longName.id()).orElseThrow().name()).isEqualTo(emoji.repeat(128));
                assertThat(store.findById(longName.id()).orElseThrow().expiresAt())
                        .isEqualTo(io.keygate.service.ApiKeyService.MAX_EXPIRES_AT);
            }
        }
    }

    private static Actor admin(Keygate keygate) {
        ApiKey key = keygate.service().create(NewKey.builder("acme", Owner.user("admin"))
                .permissions(Permission.ADMIN).build()).key();
        return keygate.service().actor(key.id(), "203.0.113.9");
    }

    private static String keyHashOf(Actor actor, JpaApiKeyStore store) {
        return store.findById(actor.keyId()).orElseThrow().hash();
    }

    private static long events(JpaApiKeyStore store) {
        return store.auditLog().search(AuditQuery.all(1, 1)).total();
    }

    private static List<String> dump(ScratchDatabase database, String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.append(meta.getColumnName(i)).append('=').append(rs.getString(i)).append(' ');
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
