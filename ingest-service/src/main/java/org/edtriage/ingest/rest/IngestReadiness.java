package org.edtriage.ingest.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.Topics;

/** Ready when Kafka answers for the topic we write: accepting ECGs we cannot store would be a lie. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {
    @Inject
    EventPublisher publisher;
    @Inject
    Topics topics;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kafka").status(publisher.reaches(topics.ecgRecorded)).build();
    }
}
