package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.JettyContainer;

/**
 * The sample in Jetty 12 (ee10-deploy) on H2, started without KEYGATE_BOOTSTRAP_KEY: the suite reads the generated
 * admin key from the one announcement line on standard output.
 */
class Jetty12IT extends SampleApiSuite {
    @Override
    protected ServletContainer newContainer() {
        return JettyContainer.jetty12();
    }

    @Override
    protected boolean givesBootstrapKey() {
        return false;
    }
}
