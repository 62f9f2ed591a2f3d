package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;

/** The sample in Apache Tomcat 11 on the embedded H2 default (a file in the container's base). */
class Tomcat11IT extends SampleApiSuite {
    @Override
    protected ServletContainer newContainer() {
        return TomcatContainer.tomcat11();
    }
}
