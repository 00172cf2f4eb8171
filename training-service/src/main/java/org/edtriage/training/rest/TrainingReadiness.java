package org.edtriage.training.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.edtriage.training.TrainingService;

/** Ready once the consumer owns its partitions. */
@Readiness
@ApplicationScoped
public class TrainingReadiness implements HealthCheck {
    @Inject
    TrainingService service;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dataset-consumer").status(service.feed() != null && service.feed().assigned()).build();
    }
}
