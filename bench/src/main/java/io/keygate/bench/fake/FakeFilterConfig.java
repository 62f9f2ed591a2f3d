package io.keygate.bench.fake;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.Enumeration;

/**
 * A {@link FilterConfig} without init-params, for filters constructed programmatically (they take their settings
 * from the constructor and never ask the ServletContext).
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
        throw new UnsupportedOperationException("a programmatically built filter must not need the ServletContext");
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
