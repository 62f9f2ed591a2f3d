package io.keygate.jakarta.example;

import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** An EJB whose method only admin keys may call: the container checks the role before the method runs. */
@Stateless
public class Reports {

    @Resource
    SessionContext session;

    @RolesAllowed("admin")
    public String adminReport() {
        return "report for " + session.getCallerPrincipal().getName();
    }
}
