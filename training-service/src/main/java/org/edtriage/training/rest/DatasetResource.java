package org.edtriage.training.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.edtriage.model.store.ModelStore;
import org.edtriage.training.TrainingService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Every release, rejection and rollback of the model, oldest first: what to roll back to. */
    @GET
    @Path("/releases")
    @RolesAllowed({OPERATOR, MONITORING})
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> releases() throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelStore.Decision d : service.decisions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", d.version());
            m.put("decision", d.kind());
            m.put("architecture", d.architecture());
            m.put("at", d.at().toString());
            m.put("reason", d.reason());
            m.put("sha256", d.sha256());
            out.add(m);
        }
        return out;
    }

    /**
     * Makes an earlier release active again and announces it to every scorer (ops): 409 while a cycle runs, 404 for a
     * version that was never released.
     */
    @POST
    @Path("/releases/{version}/rollback")
    @RolesAllowed(OPERATOR)
    @Produces(MediaType.TEXT_PLAIN)
    public Response rollback(@PathParam("version") String version, @QueryParam("reason") String reason) {
        String why = reason == null || reason.isBlank() ? "rollback requested over REST" : reason;
        try {
            ModelStore.Decision d = service.rollback(version, why);
            return Response.ok("active: " + d.version() + " (" + d.architecture() + ", " + d.sha256() + ")\n").build();
        } catch (IllegalStateException e) {
            return Response.status(Response.Status.CONFLICT).entity(e.getMessage() + "\n").build();
        } catch (IOException e) {
            return Response.status(Response.Status.NOT_FOUND).entity(e.getMessage() + "\n").build();
        } catch (Exception e) {
            return Response.serverError().entity("rolled back in the store, but not announced on model.releases: " + e.getMessage() + "\n").build();
        }
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
