package io.keygate.jpa;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.Actor;
import io.keygate.service.NewKey;
import io.keygate.service.NewServiceAccount;
import io.keygate.store.AuditQuery;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema's CHECK constraints keep working after the connection that created them is closed. H2 2.4.240 bound a
 * CHECK constraint to the session that created it (h2database issues 4302 and 4308): once a pool retired the
 * migrating connection, every insert into {@code apikey} and {@code audit_event} failed with "Check constraint
 * invalid". keygate needs an H2 with the fix (2.5.250 or later).
 */
class H2SessionTest {

    @Test
    void writesWhenTheMigratingConnectionIsClosedThenTheCheckConstraintsStillAcceptValidRows() {
        JdbcDataSource unpooled = new JdbcDataSource();
        unpooled.setURL("jdbc:h2:mem:kg_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        unpooled.setUser("sa");
        // every getConnection() is a new session; Flyway's is closed when the migration ends
        KeygateMigrations.migrate(unpooled, KeygateDatabase.H2);

        try (JpaApiKeyStore store = JpaApiKeyStore.create(unpooled, KeygateDatabase.H2, Duration.ofSeconds(5));
             Keygate keygate = Keygate.builder().store(store).build()) {
            ApiKey admin = keygate.service().create(NewKey.builder("acme", Owner.user("u"))
                    .permissions(Permission.ADMIN).build()).key();
            Actor actor = keygate.service().actor(admin.id(), "127.0.0.1");
            String account = keygate.serviceAccounts().create(actor, new NewServiceAccount("ci", null, null)).id();
            ApiKey owned = keygate.service().create(actor, NewKey.builder(null, Owner.serviceAccount(account))
                    .build()).key();

            assertThat(store.findById(owned.id())).isPresent();
            assertThat(store.auditLog().search(AuditQuery.all(1, 10)).total()).isEqualTo(2);
        }
    }
}
