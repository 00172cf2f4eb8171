package org.edtriage.ingest;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.wfdb.WfdbIngest;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Builds the plain-Java ingest core from configuration; the only place this service wires things. */
@ApplicationScoped
public class IngestComponents {
    private static final Logger LOG = Logger.getLogger(IngestComponents.class);
    private static final String DEVELOPMENT_KEY = "local-development-only-pseudonym-key";

    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    @ConfigProperty(name = "triage.registry.auto-register", defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = "triage.pseudonym.key")
    Optional<String> pseudonymKey;
    @ConfigProperty(name = "triage.ingest.publish-timeout", defaultValue = "PT30S")
    Duration publishTimeout;

    private EventPublisher publisher;

    @Produces
    @Singleton
    Topics topics() {
        return new Topics(new SchemaRegistryClient(registryUrl), autoRegister);
    }

    @Produces
    @Singleton
    EventPublisher publisher() {
        publisher = new EventPublisher(bootstrapServers, publishTimeout);
        return publisher;
    }

    @Produces
    @Singleton
    WfdbIngest wfdbIngest(Topics topics, EventPublisher publisher) {
        String key = pseudonymKey.orElseGet(() -> {
            LOG.warn("triage.pseudonym.key is not set: using the local development key; set a secret key in production");
            return DEVELOPMENT_KEY;
        });
        return new WfdbIngest(topics, publisher, new Pseudonymiser(key), Clock.systemUTC());
    }

    void stop(@Observes ShutdownEvent event) {
        if (publisher != null) {
            publisher.close();
        }
    }
}
