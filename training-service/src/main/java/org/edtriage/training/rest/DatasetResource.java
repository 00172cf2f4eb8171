package org.edtriage.training.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.edtriage.training.TrainingService;

import java.util.Map;

@Path("/api/dataset")
public class DatasetResource {
    @Inject
    TrainingService service;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> stats() {
        var s = service.dataset().stats();
        return Map.of("ecgsStored", s.ecgsStored(), "patients", s.patients(), "duplicatesIgnored", s.duplicatesIgnored(),
                "samplesStored", s.samplesStored(), "undecodableSkipped", service.consumer().undecodable());
    }
}
