package org.edtriage.scoring.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.edtriage.scoring.ScoringService;

/** Ready once the stream is RUNNING, i.e. it owns its partitions and scores. */
@Readiness
@ApplicationScoped
public class ScoringReadiness implements HealthCheck {
    @Inject
    ScoringService service;

    @Override
    public HealthCheckResponse call() {
        KafkaStreams.State state = service.state();
        return HealthCheckResponse.named("scoring-stream")
                .status(state == KafkaStreams.State.RUNNING)
                .withData("state", state.name())
                .withData("model", service.scorer() == null ? "none" : service.scorer().modelName())
                .build();
    }
}
