package org.edtriage.scoring.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.edtriage.scoring.ScoringService;
import org.edtriage.scoring.model.ModelInfo;
import org.edtriage.scoring.model.ModelRegistry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The active model (and shadow) with its metrics and thresholds, the swaps and refusals so far. */
@Path("/api/scoring")
@jakarta.annotation.security.RolesAllowed({"clinician", "admin"})
public class ScoringStatusResource {
    @Inject
    ScoringService service;

    public record Status(String stream, String notReadyBecause, ModelInfo model, ModelInfo shadow, long swaps,
                         List<ModelRegistry.Swap> recentSwaps, List<ModelRegistry.Refusal> refusals, Map<String, Double> ecgs) {
    }

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Status status() {
        ModelRegistry models = service.models();
        Map<String, Double> ecgs = new LinkedHashMap<>();
        if (service.metrics() != null) {
            for (var o : org.edtriage.scoring.streams.ScoringMetrics.EcgOutcome.values()) {
                ecgs.put(o.name().toLowerCase(), service.metrics().count(o));
            }
        }
        return new Status(service.state().name(), service.notReadyBecause(),
                models == null ? null : models.champion().info().orElse(null),
                models == null ? null : models.shadow().info().orElse(null),
                models == null ? 0 : models.swapCount(), models == null ? List.of() : models.swaps(),
                models == null ? List.of() : models.refusals(), ecgs);
    }
}
