package io.keygate.webapp;

import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Keeps one known, harmless Flyway warning out of the log while keygate migrates: "Using H2 2.4.240 which is newer
 * than the version Flyway has been verified with. The latest verified version of H2 is 2.3.232." Every Flyway
 * release so far (11.x to 13.x) prints it for H2 2.4, which keygate ships on purpose; keygate's own migration tests
 * run on that H2, so the warning tells an operator nothing they could act on. Only that message is dropped, only
 * from Flyway's database logger, only while migrations run (the filter is removed afterwards, so nothing of this web
 * application stays attached to a JVM-wide logger), and only when Flyway logs through java.util.logging (keygate's
 * default binding, slf4j-jdk14). Every other Flyway line, warnings about PostgreSQL or MariaDB versions included,
 * passes.
 */
final class FlywayH2Notice implements AutoCloseable {

    /** Flyway's {@code org.flywaydb.core.internal.database.base.Database} logs the version check. */
    static final String LOGGER = "org.flywaydb.core.internal.database.base.Database";
    static final String MESSAGE = "newer than the version Flyway has been verified with";

    private final Logger logger;
    private final Filter previous;

    private FlywayH2Notice() {
        this.logger = Logger.getLogger(LOGGER);
        this.previous = logger.getFilter();
        logger.setFilter(record -> {
            String message = record.getMessage();
            if (message != null && message.contains(MESSAGE) && message.contains("H2")) {
                return false;
            }
            return previous == null || previous.isLoggable(record);
        });
    }

    /** Installs the filter until {@link #close()}. */
    static FlywayH2Notice quiet() {
        return new FlywayH2Notice();
    }

    @Override
    public void close() {
        logger.setFilter(previous);
    }
}
