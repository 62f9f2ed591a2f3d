package io.keygate.jpa;

import io.keygate.store.AuditEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The one way a row gets into {@code audit_event}: a plain {@code INSERT} on the connection of the caller's
 * transaction, so that the event commits or rolls back with the change it records. There is no UPDATE or DELETE
 * of this table anywhere in keygate.
 */
final class AuditRows {

    static final String INSERT_SQL = "INSERT INTO audit_event (id, occurred_at, action, outcome, actor_key_id,"
            + " actor_organization_id, actor_owner_type, actor_owner_id, target_type, target_id, organization_id,"
            + " client_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private AuditRows() {
    }

    static void insert(Connection connection, AuditEvent event, int timeoutSeconds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT_SQL)) {
            insert.setQueryTimeout(timeoutSeconds);
            AuditEvent.Actor actor = event.actor();
            insert.setString(1, event.id());
            insert.setLong(2, event.at().toEpochMilli());
            insert.setString(3, event.action().wireName());
            insert.setString(4, event.outcome().wireName());
            string(insert, 5, actor.keyId());
            string(insert, 6, actor.organizationId());
            string(insert, 7, actor.owner() == null ? null : actor.owner().type().wireName());
            string(insert, 8, actor.owner() == null ? null : actor.owner().id());
            insert.setString(9, event.target().type().wireName());
            string(insert, 10, event.target().id());
            string(insert, 11, event.organizationId());
            string(insert, 12, event.clientAddress());
            insert.executeUpdate();
        }
    }

    private static void string(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
