package io.keygate.jakarta.example;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The example's JAX-RS resources, keygate's providers included, found by scanning. */
@ApplicationPath("/api")
public class ExampleApplication extends Application {
}
