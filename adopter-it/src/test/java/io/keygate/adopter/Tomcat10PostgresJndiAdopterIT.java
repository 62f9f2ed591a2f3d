package io.keygate.adopter;

import io.keygate.testing.ScratchSchema;
import io.keygate.testing.Services;
import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

/**
 * The same WAR in Apache Tomcat 10.1 on PostgreSQL through a DataSource the container defines (a {@code <Resource>}
 * in conf/context.xml, the driver in CATALINA_BASE/lib, not in the WAR); keygate is pointed at it from outside the
 * WAR by the system property {@code keygate.datasource}. The schema is the run's own, dropped afterwards.
 */
class Tomcat10PostgresJndiAdopterIT extends AdopterSuite {

    private ScratchSchema schema;

    @Override
    protected ServletContainer newContainer() {
        schema = ScratchSchema.postgres("keygate_adopter_it");
        TomcatContainer tomcat = TomcatContainer.tomcat10();
        tomcat.contextXml("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Context>
                  <WatchedResource>WEB-INF/web.xml</WatchedResource>
                  <Resource name="jdbc/keygate" auth="Container" type="javax.sql.DataSource"
                            driverClassName="org.postgresql.Driver" url="%s?currentSchema=%s"
                            username="%s" password="" maxTotal="10" maxWaitMillis="2000" closeMethod="close"/>
                </Context>
                """.formatted(Services.POSTGRES_URL, schema.name(), schema.user()));
        tomcat.libJar(driverJar());
        tomcat.systemProperty("keygate.datasource", "java:comp/env/jdbc/keygate");
        return tomcat;
    }

    @Override
    protected Instant lastUsedAt(String keyId) throws Exception {
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             PreparedStatement s = c.prepareStatement(
                     "SELECT last_used_at FROM " + schema.name() + ".apikey WHERE id = ?")) {
            s.setString(1, keyId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new AssertionError("no key " + keyId);
                }
                long millis = r.getLong(1); // stored as epoch milliseconds
                return r.wasNull() ? null : Instant.ofEpochMilli(millis);
            }
        }
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            schema.close();
        }
    }

    private static Path driverJar() {
        try {
            return Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
