/**
 * Internal test support (not a library): real servlet containers (Tomcat 11, Tomcat 10.1, Jetty 12) started as
 * processes for keygate's integration tests.
 */
package io.keygate.testing.containers;
