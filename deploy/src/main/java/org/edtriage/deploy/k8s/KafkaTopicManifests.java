package org.edtriage.deploy.k8s;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Strimzi {@code KafkaTopic}s of the Kubernetes deployment, generated from the topic catalogue ({@link Topics}):
 * names, partitions, retention, compaction and size limit exactly as the local stack provisions them, with the
 * cluster's replication ({@link Replication#CLUSTER}). {@code deploy/k8s/base/kafka-topics.yaml} is this output; a
 * test fails when the two drift apart, so a topic is changed in the catalogue and the file regenerated
 * ({@code ./triage k8s topics}), never edited by hand.
 */
public final class KafkaTopicManifests {
    /** The checked-in file, relative to the checkout. */
    public static final String FILE = "deploy/k8s/base/kafka-topics.yaml";
    /** The Strimzi cluster the topics belong to (the {@code Kafka} resource's name in the base). */
    public static final String CLUSTER = "triage";
    private static final String HEADER = """
            # Generated from the topic catalogue (org.edtriage.schemas.Topics) by `./triage k8s topics`: do not edit.
            # KafkaTopicManifestsTest fails when this file and the catalogue differ.
            """;

    private KafkaTopicManifests() {
    }

    /** One {@code KafkaTopic} per catalogue topic, as plain maps in manifest order. */
    public static List<Map<String, Object>> topics(Replication replication) {
        Topics catalogue = new Topics(new InMemorySchemaRegistry(), false); // names and settings only: no registry is asked
        return catalogue.all().stream().map(t -> topic(t, replication)).toList();
    }

    private static Map<String, Object> topic(Topic<String, ?> topic, Replication replication) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        // a Kubernetes name may not hold dots: the resource is named after the topic with dashes, spec.topicName keeps the real one
        metadata.put("name", topic.name().replace('.', '-'));
        metadata.put("labels", Map.of("strimzi.io/cluster", CLUSTER));
        metadata.put("annotations", Map.of("triage.edtriage.org/purpose", topic.purpose()));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("topicName", topic.name());
        spec.put("partitions", topic.partitions());
        spec.put("replicas", replication.factor());
        spec.put("config", new LinkedHashMap<>(TopicProvisioner.config(topic, replication)));
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("apiVersion", "kafka.strimzi.io/v1");
        resource.put("kind", "KafkaTopic");
        resource.put("metadata", metadata);
        resource.put("spec", spec);
        return resource;
    }

    /** The file's content: the header, then one YAML document per topic. */
    public static String yaml(Replication replication) {
        ObjectMapper mapper = new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build());
        StringBuilder out = new StringBuilder(HEADER);
        try {
            for (Map<String, Object> topic : topics(replication)) {
                out.append("---\n").append(mapper.writeValueAsString(topic));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
