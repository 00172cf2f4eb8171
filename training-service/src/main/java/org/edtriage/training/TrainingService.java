package org.edtriage.training;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.training.dataset.DatasetCounter;
import org.edtriage.training.dataset.EcgConsumer;

/** The Quarkus shell: starts the dataset consumer; training itself arrives with issue 6. */
@ApplicationScoped
public class TrainingService {
    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    @ConfigProperty(name = "triage.training.group-id", defaultValue = "triage-training-dataset")
    String groupId;

    private final DatasetCounter dataset = new DatasetCounter();
    private EcgConsumer consumer;

    void start(@Observes StartupEvent event) {
        Topics topics = new Topics(new SchemaRegistryClient(registryUrl), false);
        consumer = new EcgConsumer(bootstrapServers, groupId, topics.ecgRecorded, dataset);
        consumer.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        if (consumer != null) {
            consumer.close();
        }
    }

    public DatasetCounter dataset() {
        return dataset;
    }

    public EcgConsumer consumer() {
        return consumer;
    }
}
