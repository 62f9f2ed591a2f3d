package io.keygate.webapp;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** {@link EmbeddedWebapp} for tests in other packages. */
public final class EmbeddedWebappAccess implements AutoCloseable {

    private final EmbeddedWebapp app;

    private EmbeddedWebappAccess(EmbeddedWebapp app) {
        this.app = app;
    }

    public static EmbeddedWebappAccess start(Map<String, String> contextParams) throws Exception {
        return new EmbeddedWebappAccess(new EmbeddedWebapp(contextParams, List.of()).start());
    }

    public URI uri(String path) {
        return app.uri(path);
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
