package org.edtriage.training.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.edtriage.training.TrainingService;

import java.util.LinkedHashMap;
import java.util.Map;

/** The training service's API: ops start cycles ({@value #OPERATOR}); monitoring reads what the service holds. */
@Path("/api")
public class DatasetResource {
    public static final String OPERATOR = "operator";
    public static final String MONITORING = "monitoring";

    @Inject
    TrainingService service;

    @GET
    @Path("/dataset")
    @RolesAllowed({OPERATOR, MONITORING})
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> stats() {
        var c = service.store().counts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ecgsStored", c.ecgs());
        m.put("patients", c.patients());
        m.put("visits", c.visits());
        m.put("chestPainVisits", c.chestPainVisits());
        m.put("outcomes", c.outcomes());
        m.put("amiOutcomes", c.amiOutcomes());
        m.put("ecgsAddedSinceStart", service.feed().stored());
        m.put("undecodableSkipped", service.feed().undecodable());
        m.put("lastCycle", service.lastCycle());
        return m;
    }

    /** Starts a training cycle now (ops); blocks until it ends. */
    @POST
    @Path("/cycles")
    @RolesAllowed(OPERATOR)
    @Produces(MediaType.TEXT_PLAIN)
    public String cycle() {
        return service.runCycle("request", "requested over REST");
    }
}
