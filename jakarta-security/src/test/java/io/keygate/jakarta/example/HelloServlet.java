package io.keygate.jakarta.example;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** A servlet the container protects: the mechanism is told so and requires a key. */
@WebServlet("/servlet/hello")
@ServletSecurity(@HttpConstraint(rolesAllowed = "read"))
public class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("hello " + request.getUserPrincipal().getName());
    }
}
