package io.keygate.webapp.readme;

// tag::registration[]
import io.keygate.Keygate;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.AuthSettings;
import io.keygate.http.HeaderDialect;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;
// end::registration[]

/** README: registering the filter in code. */
final class RegistrationSnippet {

    private RegistrationSnippet() {
    }

    static void register(ServletContext servletContext, Keygate keygate) {
        // tag::registration[]
        AuthSettings settings = AuthSettings.builder()
                .excludePaths("/metrics", "/health")
                .adminPaths("/admin/api/**")
                .restriction("workflow", "/developer/api/workflows/{id}/**")
                .rateLimitHeaders(HeaderDialect.EPOCH)
                .build();
        servletContext.addFilter("keygate", new ApiKeyAuthFilter(keygate, settings))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        // end::registration[]
    }
}
