package org.edtriage.scoring.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.edtriage.scoring.ScoringService;

/** Ready once a released model runs and the stream owns its partitions; otherwise says why not. */
@Readiness
@ApplicationScoped
public class ScoringReadiness implements HealthCheck {
    @Inject
    ScoringService service;

    @Override
    public HealthCheckResponse call() {
        String why = service.notReadyBecause();
        var b = HealthCheckResponse.named("scoring").status(why == null).withData("stream", service.state().name());
        if (why != null) {
            b.withData("reason", why);
        }
        if (service.models() != null) {
            service.models().champion().info().ifPresent(i -> b.withData("model", i.name() + "@" + i.release()));
        }
        return b.build();
    }
}
