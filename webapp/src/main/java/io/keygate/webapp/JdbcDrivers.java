package io.keygate.webapp;

import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Objects;

/**
 * JDBC drivers register themselves in the JVM-wide {@link DriverManager} when their class loads. A driver in a
 * WAR's {@code WEB-INF/lib} must be deregistered when the web application stops, or it pins the application's
 * class loader (Tomcat: "registered the JDBC driver [...] but failed to unregister it").
 */
public final class JdbcDrivers {

    private static final System.Logger LOG = System.getLogger(JdbcDrivers.class.getName());

    private JdbcDrivers() {
    }

    /**
     * Deregisters every driver whose class {@code loader} loaded (the web application's: drivers the container
     * provides are left alone).
     *
     * @return how many were deregistered
     */
    public static int deregisterLoadedBy(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader cannot be null");
        int count = 0;
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == loader) {
                try {
                    DriverManager.deregisterDriver(driver);
                    count++;
                } catch (SQLException | SecurityException e) {
                    LOG.log(Level.WARNING, "keygate: cannot deregister " + driver.getClass().getName() + ": " + e);
                }
            }
        }
        return count;
    }
}
