package org.edtriage.schemas.mapping;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.MetricEstimate;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.events.Thresholds;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code ModelRelease} events from what the model store records, and their publication on
 * {@code model.releases} (keyed by model name, idempotent producer, acks=all), shared by the training
 * service's scheduled cycles and the {@code ./triage train release|rollback} commands.
 */
public final class ModelReleases {
    private ModelReleases() {
    }

    /**
     * @param metrics flat figures as the manifest holds them: {@code auc.temporalTest} with
     *                {@code auc.temporalTest.lower} / {@code .upper} become one estimate with its interval
     */
    public static ModelRelease of(String model, String version, String architecture, String artifactUri, String sha256,
                                  Map<String, Double> metrics, Map<String, Double> thresholds, Instant windowStart, Instant windowEnd,
                                  Instant releasedAt, String decision) {
        Map<String, MetricEstimate> estimates = new HashMap<>();
        metrics.forEach((k, v) -> {
            if (!k.endsWith(".lower") && !k.endsWith(".upper")) {
                estimates.put(k, new MetricEstimate(v, metrics.get(k + ".lower"), metrics.get(k + ".upper")));
            }
        });
        return ModelRelease.newBuilder().setModelName(model).setVersion(version).setArchitecture(architecture)
                .setArtifactUri(artifactUri).setSha256(sha256).setMetrics(estimates)
                .setTrainingWindowStart(windowStart).setTrainingWindowEnd(windowEnd)
                .setThresholds(new Thresholds(thresholds.getOrDefault("ruleOut", Double.NaN), thresholds.getOrDefault("ruleIn", Double.NaN)))
                .setReleasedAt(releasedAt).setDecision(decision).build();
    }

    /** Publishes and waits for the broker's acknowledgement. */
    public static void publish(KafkaConnection kafka, Topics topics, ModelRelease release) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.config(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.modelReleases.name(), release.getModelName(), topics.modelReleases.serializeValue(release)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
