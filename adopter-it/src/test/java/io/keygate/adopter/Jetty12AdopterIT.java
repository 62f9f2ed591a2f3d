package io.keygate.adopter;

import io.keygate.testing.containers.JettyContainer;
import io.keygate.testing.containers.ServletContainer;

import java.time.Instant;

/** The adopter WAR in Jetty 12 (ee10-deploy) with nothing configured. */
class Jetty12AdopterIT extends AdopterSuite {

    @Override
    protected ServletContainer newContainer() {
        return JettyContainer.jetty12();
    }

    @Override
    protected Instant lastUsedAt(String keyId) throws Exception {
        return H2Files.lastUsedAt(Tomcat11AdopterIT.defaultDatabase(container), keyId);
    }
}
