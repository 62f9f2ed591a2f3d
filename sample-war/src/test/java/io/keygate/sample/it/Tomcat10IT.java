package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;

/** The sample in Apache Tomcat 10.1 (Servlet 6.0) on H2. */
class Tomcat10IT extends SampleApiSuite {
    @Override
    protected ServletContainer newContainer() {
        return TomcatContainer.tomcat10();
    }
}
