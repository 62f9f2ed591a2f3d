package io.keygate.http;

import io.keygate.Keygate;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Runs an {@link ApiKeyAuthFilter} against mock requests: plans, a store, a hand-moved clock, a registry. */
final class FilterHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:10Z");

    final MutableClock clock = MutableClock.at(T0);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ApiKeyStore store;
    final Keygate keygate;
    final ApiKeyAuthFilter filter;

    FilterHarness(AuthSettings settings) {
        this(settings, new InMemoryApiKeyStore());
    }

    FilterHarness(AuthSettings settings, ApiKeyStore store) {
        this.store = store;
        Map<String, Plan> plans = Map.of(
                "free", Plan.of("free", new Limit(60, 60)),
                "team", Plan.of("team", new Limit(600, 60)),
                "hourly", Plan.of("hourly", new Limit(100, 3600), new Limit(10_000, 86_400)),
                "none", Plan.noApiAccess("none"));
        this.keygate = Keygate.builder()
                .store(store)
                .planResolver(new StaticPlanResolver(plans,
                        Map.of("acme", "team", "globex", "free", "initech", "none"), plans.get("team")))
                .meterRegistry(registry)
                .clock(clock)
                .build();
        this.filter = new ApiKeyAuthFilter(keygate, settings);
        try {
            filter.init(mock(FilterConfig.class));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static AuthSettings.Builder settings() {
        return AuthSettings.builder()
                .excludePaths("/health", "/public/**")
                .adminPaths("/admin/api/**")
                .restriction("workflow", "/developer/api/workflows/{id}/**");
    }

    CreatedKey key(String organization, Permission... permissions) {
        return create(NewKey.builder(organization, Owner.user("u1"))
                .permissions(permissions.length == 0 ? java.util.EnumSet.of(Permission.READ, Permission.WRITE)
                        : java.util.EnumSet.copyOf(List.of(permissions)))
                .build());
    }

    CreatedKey create(NewKey spec) {
        return keygate.service().create(spec);
    }

    CreatedKey testKey(String organization) {
        return create(NewKey.builder(organization, Owner.user("u1")).environment(Environment.TEST).build());
    }

    Call call(String method, String path) {
        return new Call(method, path);
    }

    Call get(String path, String authorization) {
        return new Call("GET", path).header("Authorization", authorization);
    }

    double count(String outcome) {
        return registry.get("apikey.auth.requests").tag("outcome", outcome).counter().count();
    }

    @Override
    public void close() {
        filter.destroy();
        keygate.close();
    }

    /** One request through the filter. */
    final class Call {
        private final String method;
        private final String path;
        private final Map<String, List<String>> headers = new HashMap<>();
        private String query;
        private String remoteAddress = "203.0.113.7";
        private DispatcherType dispatcherType = DispatcherType.REQUEST;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Call header(String name, String value) {
            headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        Call bearer(String key) {
            return header("Authorization", "Bearer " + key);
        }

        Call query(String query) {
            this.query = query;
            return this;
        }

        Call from(String address) {
            this.remoteAddress = address;
            return this;
        }

        Call dispatch(DispatcherType type) {
            this.dispatcherType = type;
            return this;
        }

        Result run() {
            HttpServletRequest request = mock(HttpServletRequest.class);
            Map<String, Object> attributes = new HashMap<>();
            when(request.getMethod()).thenReturn(method);
            when(request.getServletPath()).thenReturn(path);
            when(request.getRequestURI()).thenReturn(path);
            when(request.getQueryString()).thenReturn(query);
            when(request.getRemoteAddr()).thenReturn(remoteAddress);
            when(request.getDispatcherType()).thenReturn(dispatcherType);
            when(request.getServletContext()).thenReturn(mock(ServletContext.class));
            when(request.getHeaders(anyString())).thenAnswer(inv -> Collections.enumeration(
                    lookup(inv.getArgument(0))));
            when(request.getHeader(anyString())).thenAnswer(inv -> {
                List<String> values = lookup(inv.getArgument(0));
                return values.isEmpty() ? null : values.get(0);
            });
            when(request.getHeaderNames()).thenAnswer(inv -> Collections.enumeration(headers.keySet()));
            doAnswer(inv -> attributes.put(inv.getArgument(0), inv.getArgument(1)))
                    .when(request).setAttribute(anyString(), org.mockito.ArgumentMatchers.any());
            when(request.getAttribute(anyString())).thenAnswer(inv -> attributes.get(inv.<String>getArgument(0)));

            Result result = new Result();
            HttpServletResponse response = mock(HttpServletResponse.class);
            doAnswer(inv -> result.status = inv.getArgument(0)).when(response).setStatus(anyInt());
            doAnswer(inv -> result.headers.put(inv.getArgument(0), inv.getArgument(1)))
                    .when(response).setHeader(anyString(), anyString());
            doAnswer(inv -> result.headers.merge(inv.getArgument(0), inv.getArgument(1), (a, b) -> a + ", " + b))
                    .when(response).addHeader(anyString(), anyString());
            doAnswer(inv -> result.contentType = inv.getArgument(0)).when(response).setContentType(anyString());
            try {
                when(response.getOutputStream()).thenReturn(new ServletOutputStream() {
                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                    }

                    @Override
                    public void write(int b) {
                        result.body.write(b);
                    }
                });
                AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
                FilterChain chain = (req, res) -> seen.set((HttpServletRequest) req);
                filter.doFilter(request, response, chain);
                result.downstream = seen.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return result;
        }

        private List<String> lookup(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }
    }

    /** What the filter did. */
    static final class Result {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpServletRequest downstream;

        boolean passed() {
            return downstream != null;
        }

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
