package io.keygate.adopter;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Properties;

/** Reads keygate's H2 file after the application closed it. */
final class H2Files {

    private H2Files() {
    }

    static Instant lastUsedAt(Path database, String keyId) throws Exception {
        Properties p = new Properties();
        p.put("user", "sa");
        p.put("password", "");
        try (Connection c = new org.h2.Driver().connect("jdbc:h2:file:" + database + ";ACCESS_MODE_DATA=r", p);
             PreparedStatement s = c.prepareStatement("SELECT last_used_at FROM apikey WHERE id = ?")) {
            s.setString(1, keyId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no key " + keyId + " in " + database);
                }
                long millis = r.getLong(1); // stored as epoch milliseconds
                return r.wasNull() ? null : Instant.ofEpochMilli(millis);
            }
        }
    }
}
