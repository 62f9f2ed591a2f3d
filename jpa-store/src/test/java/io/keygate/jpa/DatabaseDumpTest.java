package io.keygate.jpa;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A full dump of the key table ({@code SELECT *}) holds no plaintext key, nor any long piece of one. */
class DatabaseDumpTest {

    /** Longer than the 4 display characters kept at each end, shorter than anything useful to an attacker. */
    private static final int WINDOW = 8;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void selectStarWhenKeysCreatedRotatedAndImportedThenNoColumnHoldsPlaintext(String db) throws Exception {
        try (ScratchDatabase database = switch (db) {
            case "h2" -> ScratchDatabase.h2();
            case "postgres" -> ScratchDatabase.postgres();
            default -> ScratchDatabase.mariaDb();
        }; JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource())) {
            ApiKeyService service = new ApiKeyService(store, KeyFormat.standard(),
                    Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC), null);
            List<String> plaintexts = new ArrayList<>();
            CreatedKey live = service.create(NewKey.builder("org_acme", Owner.user("alice")).name("ingest").build());
            CreatedKey test = service.create(NewKey.builder("org_acme", Owner.serviceAccount("ci"))
                    .environment(Environment.TEST).permissions(Permission.ADMIN)
                    .restriction(new Restriction("workflow", "wf_echo")).plan("pro").rateLimit(new Limit(10, 60))
                    .expiresAt(Instant.parse("2027-01-01T00:00:00Z")).teamId("team_1").build());
            CreatedKey rotated = service.rotate(live.key().id(), 300).orElseThrow();
            String bootstrap = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
            CreatedKey imported = service.importKey(NewKey.builder("platform", Owner.user("root"))
                    .permissions(Permission.ADMIN).build(), bootstrap);
            service.revoke(test.key().id());
            store.recordLastUsed(java.util.Map.of(rotated.key().id(), Instant.parse("2026-03-01T10:00:05Z")));
            plaintexts.add(live.plaintext());
            plaintexts.add(test.plaintext());
            plaintexts.add(rotated.plaintext());
            plaintexts.add(imported.plaintext());

            List<String> values = dump(database);

            assertThat(values).isNotEmpty();
            for (String plaintext : plaintexts) {
                String secret = plaintext.substring(plaintext.indexOf('_', 3) + 1);
                for (String value : values) {
                    assertThat(value).doesNotContain(plaintext);
                    for (int i = 0; i + WINDOW <= secret.length(); i++) {
                        assertThat(value).doesNotContain(secret.substring(i, i + WINDOW));
                    }
                }
                assertThat(values).contains(KeyFormat.sha256Hex(plaintext));
            }
        }
    }

    private static List<String> dump(ScratchDatabase database) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM apikey")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int col = 1; col <= meta.getColumnCount(); col++) {
                    Object value = rs.getObject(col);
                    if (value != null) {
                        values.add(String.valueOf(value));
                    }
                }
            }
        }
        return values;
    }

}
