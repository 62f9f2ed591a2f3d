package io.keygate.sample.support;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ManagementSuite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The management suite in-process: embedded Jetty with the real web.xml settings, on H2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InProcessManagementTest extends ManagementSuite {

    @TempDir
    static Path directory;
    private InProcessSample sample;
    private ApiClient api;
    private final CapturedLog log = new CapturedLog();

    @BeforeAll
    void start() throws Exception {
        log.start();
        sample = InProcessSample.onH2(directory);
        api = new ApiClient(sample::uri);
    }

    @AfterAll
    void stop() throws Exception {
        sample.close();
        log.close();
    }

    @Override
    protected ApiClient api() {
        return api;
    }

    @Override
    protected String admin() {
        return sample.adminKey();
    }

    @Override
    protected String serverLog() {
        return log.text() + sample.stdout();
    }
}
