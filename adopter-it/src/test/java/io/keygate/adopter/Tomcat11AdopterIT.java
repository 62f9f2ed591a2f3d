package io.keygate.adopter;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;

import java.nio.file.Path;
import java.time.Instant;

/** The adopter WAR in Apache Tomcat 11 with nothing configured: keys in the default H2 file under ~/.keygate/. */
class Tomcat11AdopterIT extends AdopterSuite {

    @Override
    protected ServletContainer newContainer() {
        return TomcatContainer.tomcat11();
    }

    @Override
    protected Instant lastUsedAt(String keyId) throws Exception {
        return H2Files.lastUsedAt(defaultDatabase(container), keyId);
    }

    /** Where keygate puts its default database: ~/.keygate/<context> (the container runs with user.home in its base). */
    static Path defaultDatabase(ServletContainer container) {
        return container.base().resolve("home/.keygate").resolve(container.contextPath().substring(1));
    }
}
