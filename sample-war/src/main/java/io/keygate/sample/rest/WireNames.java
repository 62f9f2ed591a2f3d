package io.keygate.sample.rest;

import jakarta.validation.ParameterNameProvider;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Names resource-method parameters in validation messages as the client knows them: a {@code @QueryParam("page")}
 * is {@code page}, a {@code @PathParam("workflow_id")} is {@code workflow_id}, the request body is
 * {@value #BODY}. Declared in {@code META-INF/validation.xml}.
 */
public final class WireNames implements ParameterNameProvider {

    /** The name of the request body parameter. */
    public static final String BODY = "body";

    @Override
    public List<String> getParameterNames(Constructor<?> constructor) {
        return names(constructor);
    }

    @Override
    public List<String> getParameterNames(Method method) {
        return names(method);
    }

    private static List<String> names(Executable executable) {
        List<String> names = new ArrayList<>();
        for (Parameter parameter : executable.getParameters()) {
            names.add(name(parameter));
        }
        return names;
    }

    private static String name(Parameter parameter) {
        boolean jaxrs = false;
        for (Annotation a : parameter.getAnnotations()) {
            if (a instanceof QueryParam q) {
                return q.value();
            } else if (a instanceof PathParam p) {
                return p.value();
            } else if (a instanceof HeaderParam h) {
                return h.value();
            } else if (a instanceof FormParam f) {
                return f.value();
            } else if (a instanceof CookieParam c) {
                return c.value();
            } else if (a instanceof MatrixParam m) {
                return m.value();
            } else if (a.annotationType().getPackageName().startsWith("jakarta.ws.rs")) {
                jaxrs = true;
            }
        }
        // the one parameter of a resource method without a Jakarta REST annotation is its entity: the request body
        return jaxrs ? parameter.getName() : BODY;
    }
}
