package io.keygate.webapp;

import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class FlywayH2NoticeTest {

    @Test
    void migrateWhileQuietThenOnlyTheH2VersionWarningIsDroppedAndTheFilterIsRemovedAfterwards() {
        Logger flyway = Logger.getLogger(FlywayH2Notice.LOGGER);
        List<String> seen = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                seen.add(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        flyway.addHandler(capture);
        try {
            migrate("quiet");
            assertThat(seen).noneMatch(m -> m.contains(FlywayH2Notice.MESSAGE));
            assertThat(flyway.getFilter()).as("removed after the migrations").isNull();

            seen.clear();
            KeygateMigrations.migrate(dataSource("loud"), KeygateDatabase.H2);
            assertThat(seen).as("the check is real: without the filter Flyway warns")
                    .anyMatch(m -> m.contains(FlywayH2Notice.MESSAGE));
        } finally {
            flyway.removeHandler(capture);
        }
    }

    private static void migrate(String name) {
        try (FlywayH2Notice quiet = FlywayH2Notice.quiet()) {
            KeygateMigrations.migrate(dataSource(name), KeygateDatabase.H2);
        }
    }

    private static JdbcDataSource dataSource(String name) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
