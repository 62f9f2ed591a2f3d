package io.keygate.sample.rest;

import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.server.validation.ValidationFeature;

import java.util.Collection;

/**
 * The sample's Jakarta REST runtime (JSON, validation, roles, error answers) around a set of resources; the
 * application Jersey's servlet runs behind keygate's filter is {@code io.keygate.sample.api.SampleApi}.
 *
 * <p>A new endpoint is a method on a resource class: {@code @RolesAllowed} for the permission it needs (see
 * {@link WebErrorMapper} for the 403), {@code @Valid} on its request record, and errors thrown from
 * {@link Errors}. A new resource class goes into {@code SampleApi.RESOURCES}; {@code /openapi.json} documents it from
 * there.
 * Validation messages name parameters by their Java names in snake_case (the build compiles with
 * {@code -parameters}): call a query parameter {@code organizationId} for {@code organization_id}, and the request
 * body {@value ValidationErrorMapper#BODY}.
 */
public class SampleRestApplication extends ResourceConfig {

    /** The runtime of the sample (JSON, validation, roles, error answers) around {@code resources}. */
    public SampleRestApplication(Collection<Class<?>> resources) {
        // everything the application uses is registered here, nothing is discovered from the class path
        property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        // every answer has a body: never let the container render an error page of its own instead
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        // Location is sent as the resource builds it (a path under the context path), as before
        property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);

        register(JacksonFeature.withoutExceptionMappers());
        register(JsonSupport.class);
        register(ValidationFeature.class);
        register(RolesAllowedDynamicFeature.class);

        register(BodyRules.class);
        register(AutomaticOptions.class);
        register(JsonCharset.class);

        register(WebErrorMapper.class);
        register(ParamErrorMapper.class);
        register(JsonErrorMapper.class);
        register(ValidationErrorMapper.class);
        register(FailureMapper.class);

        registerClasses(resources.toArray(new Class<?>[0]));
        register(OpenApiDocument.of(resources));
    }
}
