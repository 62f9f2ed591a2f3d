package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing and searching 10,000 keys is answered by SQL: a page costs the same two statements (count + page) at
 * any page number and table size, and reads only the rows of the page.
 */
class SearchAtScaleTest {

    private static final int KEYS = 10_000;
    private static final int ORGANIZATIONS = 4;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Comparator<ApiKey> NEWEST_FIRST =
            Comparator.comparing(ApiKey::createdAt).reversed().thenComparing(ApiKey::id);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void searchWhen10000KeysThenPagesComeFromSqlWithConstantStatementCount(String db) throws Exception {
        try (ScratchDatabase database = db.equals("h2") ? ScratchDatabase.h2() : ScratchDatabase.postgres()) {
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), database.type,
                    Duration.ofSeconds(5))) {
                List<ApiKey> all = keys();
                insertAll(store, all.subList(0, 100));
                KeyQuery firstPage = new KeyQuery("org_1", null, 1, 20);
                counting.reset();
                store.search(firstPage);
                long statementsAt100 = counting.executions();

                insertAll(store, all.subList(100, KEYS));

                counting.reset();
                Page<ApiKey> first = store.search(firstPage);
                assertThat(counting.executions()).isEqualTo(statementsAt100).isEqualTo(2);
                assertThat(counting.rowsRead()).as("rows read for one page of 20").isLessThanOrEqualTo(21);
                List<ApiKey> org1 = all.stream().filter(k -> k.organizationId().equals("org_1"))
                        .sorted(NEWEST_FIRST).toList();
                assertThat(first.items()).containsExactlyElementsOf(org1.subList(0, 20));
                assertThat(first.total()).isEqualTo(KEYS / ORGANIZATIONS);

                counting.reset();
                long started = System.nanoTime();
                Page<ApiKey> deep = store.search(new KeyQuery("org_1", null, 100, 20));
                long deepMicros = (System.nanoTime() - started) / 1_000;
                assertThat(counting.executions()).isEqualTo(2);
                assertThat(counting.rowsRead()).isLessThanOrEqualTo(21);
                assertThat(deep.items()).containsExactlyElementsOf(org1.subList(1980, 2000));

                counting.reset();
                Page<ApiKey> lastPage = store.search(new KeyQuery("org_1", null, 125, 20));
                assertThat(lastPage.items()).containsExactlyElementsOf(org1.subList(2480, 2500));
                assertThat(store.search(new KeyQuery("org_1", null, 126, 20)).items()).isEmpty();
                assertThat(counting.executions()).as("last page 2 statements, beyond it only the count").isEqualTo(3);

                counting.reset();
                Page<ApiKey> byName = store.search(new KeyQuery(null, "PROD 1", 3, 50));
                assertThat(counting.executions()).isEqualTo(2);
                List<ApiKey> named = all.stream()
                        .filter(k -> k.name().toLowerCase(Locale.ROOT).contains("prod 1"))
                        .sorted(NEWEST_FIRST).toList();
                assertThat(byName.total()).isEqualTo(named.size());
                assertThat(byName.items()).containsExactlyElementsOf(named.subList(100, 150));

                counting.reset();
                Page<ApiKey> everything = store.search(new KeyQuery(null, null, 7, 100));
                assertThat(counting.executions()).isEqualTo(2);
                assertThat(everything.total()).isEqualTo(KEYS);
                assertThat(everything.items())
                        .containsExactlyElementsOf(all.stream().sorted(NEWEST_FIRST).toList().subList(600, 700));
                System.out.printf("[%s] search over %d keys, page 100 of an organization: %d us%n",
                        db, KEYS, deepMicros);
            }
        }
    }

    /** 10,000 keys in 4 organizations; every third pair shares a creation time so ties are ordered by id. */
    private static List<ApiKey> keys() {
        KeyFormat format = KeyFormat.standard();
        List<ApiKey> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            GeneratedKey g = format.generate(Environment.LIVE);
            String name = (i % 5 == 0 ? "Prod " : "staging ") + i;
            keys.add(new ApiKey(String.format("key_%05d", (i * 7919) % KEYS), g.hash(), g.prefix(), g.start4(),
                    g.end4(), name, "org_" + (i % ORGANIZATIONS), null, Owner.user("u"), Environment.LIVE,
                    EnumSet.of(Permission.READ), null, null, null, T0.plusSeconds(i / 3), null, null, null, null));
        }
        return keys;
    }

    private static void insertAll(JpaApiKeyStore store, List<ApiKey> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            int chunk = Math.max(1, keys.size() / 8);
            for (int from = 0; from < keys.size(); from += chunk) {
                List<ApiKey> part = keys.subList(from, Math.min(keys.size(), from + chunk));
                futures.add(pool.submit(() -> part.forEach(store::insert)));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
