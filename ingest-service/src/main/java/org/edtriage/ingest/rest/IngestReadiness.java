package org.edtriage.ingest.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.edtriage.ingest.hl7.AcceptedControlIds;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.Topics;

/**
 * Ready when Kafka answers for the topic we write (accepting ECGs we cannot store would be a lie) and the control ids
 * other instances accepted have been read (or a re-sent message could be stored twice).
 */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {
    @Inject
    EventPublisher publisher;
    @Inject
    Topics topics;
    @Inject
    AcceptedControlIds accepted;

    @Override
    public HealthCheckResponse call() {
        boolean reachable = publisher.reaches(topics.ecgRecorded), loaded = accepted.loaded();
        return HealthCheckResponse.named("kafka").status(reachable && loaded)
                .withData("reachable", reachable).withData("acceptedControlIdsLoaded", loaded).build();
    }
}
