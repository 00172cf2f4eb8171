package org.edtriage.training.cycle;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.MetricEstimate;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.events.Thresholds;
import org.edtriage.training.release.ModelStore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Announces a release (or rollback) on {@code model.releases}, keyed by model name, with an idempotent producer. */
public final class ReleasePublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Topics topics;

    public ReleasePublisher(String bootstrapServers, Topics topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public ModelRelease publish(ModelStore.Decision decision) throws Exception {
        ModelRelease event = toEvent(decision);
        producer.send(new ProducerRecord<>(topics.modelReleases.name(), decision.model(), topics.modelReleases.serializeValue(event)))
                .get(30, TimeUnit.SECONDS);
        return event;
    }

    /** The Avro event of a store decision: metrics with their CIs (auc.X with auc.X.lower/upper) and thresholds. */
    public static ModelRelease toEvent(ModelStore.Decision d) throws CheckpointException {
        ModelManifest manifest = Checkpoint.readVerifiedManifest(Path.of(java.net.URI.create(d.artifactUri())));
        Map<String, MetricEstimate> metrics = new HashMap<>();
        d.metrics().forEach((k, v) -> {
            if (!k.endsWith(".lower") && !k.endsWith(".upper")) {
                metrics.put(k, new MetricEstimate(v, d.metrics().get(k + ".lower"), d.metrics().get(k + ".upper")));
            }
        });
        Thresholds thresholds = new Thresholds(d.thresholds().getOrDefault("ruleOut", Double.NaN), d.thresholds().getOrDefault("ruleIn", Double.NaN));
        var window = manifest.trainingData();
        return ModelRelease.newBuilder().setModelName(d.model()).setVersion(d.version()).setArchitecture(d.architecture())
                .setArtifactUri(d.artifactUri()).setSha256(d.sha256()).setMetrics(metrics)
                .setTrainingWindowStart(window == null ? null : window.from()).setTrainingWindowEnd(window == null ? null : window.to())
                .setThresholds(thresholds).setReleasedAt(d.at()).build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
