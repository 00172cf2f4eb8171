package org.edtriage.scoring.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.edtriage.scoring.ScoringService;

import java.util.Map;

@Path("/api/scoring")
public class ScoringStatusResource {
    @Inject
    ScoringService service;

    @GET
    @Path("/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> status() {
        var scorer = service.scorer();
        return Map.of(
                "stream", service.state().name(),
                "model", scorer == null ? "none" : scorer.modelName(),
                "modelVersion", scorer == null ? "none" : scorer.modelVersion(),
                "placeholderModel", scorer != null && scorer.placeholder());
    }
}
