package org.edtriage.scoring.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.edtriage.scoring.ScoringService;
import org.edtriage.scoring.dashboard.AccessLog;
import org.edtriage.scoring.dashboard.AlertRow;
import org.edtriage.scoring.dashboard.DashboardView;
import org.edtriage.scoring.dashboard.EcgTrace;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.util.List;
import java.util.Map;

/** What ED dashboards read: the alert board per hospital, a visit's scores and ECGs, and the live alert stream. */
@Path("/api")
@RolesAllowed({"clinician", "admin"})
public class DashboardResource {
    @Inject
    ScoringService service;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/alerts")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Visits with alerts, most urgent first, then newest; optionally of one hospital")
    public List<DashboardView.VisitView> alerts(@QueryParam("hospital") String hospital) {
        return service.dashboard().board(hospital == null || hospital.isBlank() ? null : hospital);
    }

    @GET
    @Path("/alerts/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Server-Sent Events: every new alert as it is committed")
    public Multi<AlertRow> stream(@QueryParam("hospital") String hospital) {
        return service.alertStream().filter(a -> hospital == null || hospital.isBlank() || hospital.equals(a.hospitalId()));
    }

    @GET
    @Path("/visits/{visitId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A visit's alerts and score history (the access is recorded on dashboard.access first)")
    public DashboardView.VisitView visit(@PathParam("visitId") String visitId, @Context HttpServerRequest request) {
        DashboardView.VisitView view = service.dashboard().visit(visitId).orElseThrow(() -> new NotFoundException("no alerts for visit " + visitId));
        audit(AccessLog.VISIT, visitId, request);
        return view;
    }

    @GET
    @Path("/ecgs/{ecgId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An ECG's leads in millivolts for drawing (at most 250 Hz; the access is recorded on dashboard.access first)")
    public EcgTrace ecg(@PathParam("ecgId") String ecgId, @Context HttpServerRequest request) {
        EcgTrace trace = service.dashboard().ecg(ecgId).orElseThrow(() -> new NotFoundException("ECG " + ecgId + " is not among the recent ECGs"));
        audit(AccessLog.ECG, ecgId, request);
        return trace;
    }

    /** Nothing about a patient leaves without a record of who asked: no record, 503. */
    private void audit(String action, String subjectId, HttpServerRequest request) {
        try {
            service.accessLog().record(identity.getPrincipal().getName(), action, subjectId,
                    request.remoteAddress() == null ? null : request.remoteAddress().hostAddress());
        } catch (AccessLog.Unavailable e) {
            throw new ServiceUnavailableException(e.getMessage());
        }
    }

    @GET
    @Path("/me")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Who is signed in")
    public Map<String, Object> me() {
        return Map.of("user", identity.getPrincipal().getName(), "roles", identity.getRoles());
    }
}
