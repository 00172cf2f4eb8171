package org.edtriage.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.edtriage.schemas.registry.Compatibility;
import org.edtriage.schemas.serde.ConfluentAvroSerde;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * Creates every catalogue topic and registers every value schema with BACKWARD compatibility, so a
 * stack is complete before the first service starts (Kafka Streams waits for its topics).
 * Idempotent: existing topics and already-registered schemas are left as they are.
 */
public final class TopicProvisioner {
    private final Topics topics;

    public TopicProvisioner(Topics topics) {
        this.topics = topics;
    }

    public void createTopics(Admin admin, Replication replication) throws InterruptedException {
        List<NewTopic> wanted = topics.all().stream().map(t -> newTopic(t, replication)).toList();
        for (NewTopic topic : wanted) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name() + ": " + e.getCause(), e.getCause());
                }
            }
        }
    }

    public void registerSchemas() {
        for (Topic<String, ?> topic : topics.all()) {
            ConfluentAvroSerde<?> serde = (ConfluentAvroSerde<?>) topic.valueSerde();
            String subject = ConfluentAvroSerde.subject(topic.name(), false);
            topics.registry().setCompatibility(subject, Compatibility.BACKWARD);
            topics.registry().register(subject, serde.schema());
        }
    }

    private static NewTopic newTopic(Topic<String, ?> topic, Replication replication) {
        return new NewTopic(topic.name(), topic.partitions(), (short) replication.factor()).configs(config(topic, replication));
    }

    /** A topic's configuration as the broker gets it — here, and in the Kubernetes {@code KafkaTopic}s generated from the catalogue. */
    public static Map<String, String> config(Topic<String, ?> topic, Replication replication) {
        Map<String, String> config = new TreeMap<>();
        config.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy(topic));
        config.put(TopicConfig.RETENTION_MS_CONFIG, topic.retention() == null ? "-1" : Long.toString(topic.retention().toMillis()));
        // a 12-lead 1000 Hz ECG is ~240 KB; leave room for longer recordings
        config.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(4 * 1024 * 1024));
        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInSync()));
        return config;
    }

    /** Compacted keeps the latest record per key; with a retention too, keys older than it go ("compact,delete"). */
    static String cleanupPolicy(Topic<String, ?> topic) {
        if (!topic.compacted()) {
            return TopicConfig.CLEANUP_POLICY_DELETE;
        }
        return topic.retention() == null ? TopicConfig.CLEANUP_POLICY_COMPACT
                : TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE;
    }
}
