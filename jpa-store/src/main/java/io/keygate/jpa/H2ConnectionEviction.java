package io.keygate.jpa;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;
import java.util.Set;

/**
 * Tells HikariCP that a connection to an H2 server is dead. H2 reports a broken session or a closed database with
 * its own codes (90067, 90121, 90098, 90028, 90031) rather than the SQLState class 08 that Hikari recognises, so
 * without this the pool would keep handing out dead connections after an H2 server restart until each one sat idle
 * long enough to be validated.
 */
final class H2ConnectionEviction implements SQLExceptionOverride {

    /** CONNECTION_BROKEN_1, DATABASE_CALLED_AT_SHUTDOWN, DATABASE_IS_CLOSED, IO_EXCEPTION_1, IO_EXCEPTION_2. */
    private static final Set<Integer> DEAD_CONNECTION_CODES = Set.of(90067, 90121, 90098, 90028, 90031);

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return DEAD_CONNECTION_CODES.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
