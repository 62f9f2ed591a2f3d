package io.keygate.jakarta.it;

/** The example WAR on WildFly 38 (Jakarta EE 11), Java 17. */
class WildFlyIT extends MechanismSuite {

    @Override
    JakartaServer newServer() {
        return new WildFly();
    }
}
