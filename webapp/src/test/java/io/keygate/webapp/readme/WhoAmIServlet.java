package io.keygate.webapp.readme;

// tag::principal[]
import io.keygate.http.ApiKeyPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

public class WhoAmIServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ApiKeyPrincipal key = (ApiKeyPrincipal) request.getUserPrincipal();
        String keyId = key.getName();                  // the key's id (key_...), never the secret
        String organization = key.organizationId();
        boolean mayWrite = request.isUserInRole("write");
        response.getWriter().print(keyId + " of " + organization + (mayWrite ? " (read/write)" : " (read only)"));
    }
}
// end::principal[]
