package io.keygate.sample.api;

import io.keygate.sample.rest.SampleRestApplication;

import java.util.List;

/** The application Jersey's servlet runs (web.xml): the sample's resources in the sample's runtime. */
public class SampleApi extends SampleRestApplication {

    /** The sample's API: everything under {@code /developer/api} and {@code /admin/api}. */
    public static final List<Class<?>> RESOURCES = List.of(
            WorkflowsResource.class,
            WorkflowInstancesResource.class,
            AdminKeysResource.class,
            ServiceAccountsResource.class,
            ManagementResource.class,
            TokenResource.class);

    public SampleApi() {
        super(RESOURCES);
    }
}
