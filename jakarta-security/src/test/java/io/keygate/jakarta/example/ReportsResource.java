package io.keygate.jakarta.example;

import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** No role of its own: the EJB decides. */
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
public class ReportsResource {

    @EJB
    Reports reports;

    @GET
    public JsonObject report() {
        return Json.createObjectBuilder().add("report", reports.adminReport()).build();
    }
}
