package io.keygate.bench.fake;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.Enumeration;

/**
 * A {@link FilterConfig} without init-params and without a ServletContext, for filters constructed programmatically:
 * they take their Keygate and settings from the constructor, and publish their engine as a context attribute only
 * when there is a context.
 */
public final class FakeFilterConfig implements FilterConfig {

    private final String name;

    public FakeFilterConfig(String name) {
        this.name = name;
    }

    @Override
    public String getFilterName() {
        return name;
    }

    @Override
    public ServletContext getServletContext() {
        return null;
    }

    @Override
    public String getInitParameter(String name) {
        return null;
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.emptyEnumeration();
    }
}
