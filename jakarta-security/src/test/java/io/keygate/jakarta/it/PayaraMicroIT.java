package io.keygate.jakarta.it;

/** The example WAR on Payara Micro 6 (Jakarta EE 10), Java 17. */
class PayaraMicroIT extends MechanismSuite {

    @Override
    JakartaServer newServer() {
        return new PayaraMicro();
    }
}
