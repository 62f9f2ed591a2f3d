package io.keygate.jpa;

import io.keygate.keys.Owner;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.Page;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log with 10,000 events: every filter and every page is answered by SQL with the same two statements
 * (count + page) and reads only the rows of the page.
 */
class AuditAtScaleTest {

    private static final int EVENTS = 10_000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<String> ORGANIZATIONS = List.of("acme", "globex", "initech", "hooli");
    private static final Comparator<AuditEvent> NEWEST_FIRST =
            Comparator.comparing(AuditEvent::at).reversed().thenComparing(AuditEvent::id);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres", "mariadb"})
    void searchWhen10000EventsThenEveryFilterAndPageIsTwoStatementsReadingOnlyThePage(String db) throws Exception {
        try (ScratchDatabase database = ScratchDatabase.open(db, true)) {
            List<AuditEvent> all = events();
            try (Connection c = database.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (AuditEvent e : all) {
                    JpaAuditLog.append(c, e);
                }
                c.commit();
            }
            CountingDataSource counting = new CountingDataSource(database.dataSource());
            try (JpaApiKeyStore store = JpaApiKeyStore.create(counting.dataSource(), database.type,
                    Duration.ofSeconds(10))) {
                JpaAuditLog log = store.auditLog();

                check(counting, log, all, AuditQuery.all(1, 20), e -> true);
                check(counting, log, all, AuditQuery.all(400, 25), e -> true);
                check(counting, log, all, new AuditQuery("globex", null, null, null, null, 50, 20),
                        e -> "globex".equals(e.organizationId()));
                check(counting, log, all, new AuditQuery(null, AuditEvent.Action.KEY_REVOKE, null, null, null, 3, 100),
                        e -> e.action() == AuditEvent.Action.KEY_REVOKE);
                check(counting, log, all, new AuditQuery("acme", null, null, null, AuditEvent.Outcome.DENIED, 1, 100),
                        e -> "acme".equals(e.organizationId()) && e.outcome() == AuditEvent.Outcome.DENIED);
                check(counting, log, all, new AuditQuery(null, null, "key_t7", null, null, 1, 100),
                        e -> "key_t7".equals(e.target().id()));
                check(counting, log, all, new AuditQuery(null, null, null, "key_a3", null, 2, 100),
                        e -> "key_a3".equals(e.actor().keyId()));

                counting.reset();
                Page<AuditEvent> beyond = log.search(AuditQuery.all(1_000, 100));
                assertThat(beyond.items()).isEmpty();
                assertThat(beyond.total()).isEqualTo(EVENTS);
                assertThat(counting.executions()).as("beyond the last page only the count").isEqualTo(1);
            }
        }
    }

    private static void check(CountingDataSource counting, JpaAuditLog log, List<AuditEvent> all, AuditQuery query,
                              Predicate<AuditEvent> matches) {
        List<AuditEvent> expected = all.stream().filter(matches).sorted(NEWEST_FIRST).toList();
        int from = (int) Math.min(expected.size(), query.offset());
        int to = Math.min(expected.size(), from + query.size());

        counting.reset();
        Page<AuditEvent> page = log.search(query);

        assertThat(page.total()).as("total of %s", query).isEqualTo(expected.size());
        assertThat(page.items()).as("page of %s", query).containsExactlyElementsOf(expected.subList(from, to));
        assertThat(counting.executions()).as("statements for %s", query).isEqualTo(2);
        assertThat(counting.rowsRead()).as("rows read for %s", query).isLessThanOrEqualTo(query.size() + 1L);
    }

    private static List<AuditEvent> events() {
        List<AuditEvent> out = new ArrayList<>(EVENTS);
        AuditEvent.Action[] actions = AuditEvent.Action.values();
        for (int i = 0; i < EVENTS; i++) {
            String organization = ORGANIZATIONS.get(i % ORGANIZATIONS.size());
            // several events share a millisecond: ties are ordered by id
            out.add(new AuditEvent(String.format("evt_%06d", i), T0.plusMillis(i / 3), actions[i % actions.length],
                    i % 7 == 0 ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.SUCCESS,
                    new AuditEvent.Actor("key_a" + (i % 11), organization, Owner.user("u" + (i % 5))),
                    new AuditEvent.Target(AuditEvent.TargetType.KEY, "key_t" + (i % 13)), organization,
                    "10.0." + (i % 250) + ".1"));
        }
        return out;
    }
}
