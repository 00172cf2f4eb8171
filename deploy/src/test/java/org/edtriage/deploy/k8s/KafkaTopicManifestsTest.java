package org.edtriage.deploy.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** deploy/k8s/base/kafka-topics.yaml is what the catalogue generates, and what it generates is what the broker gets. */
class KafkaTopicManifestsTest {

    @Test
    void theCheckedInTopicsAreTheCatalogues() throws Exception {
        String checkedIn = Files.readString(Path.of("k8s/base/kafka-topics.yaml"));
        assertEquals(KafkaTopicManifests.yaml(Replication.CLUSTER), checkedIn,
                "deploy/k8s/base/kafka-topics.yaml differs from the topic catalogue: run ./triage k8s topics and commit the file");
    }

    @Test
    void everyCatalogueTopicIsAStrimziTopicWithItsPartitionsRetentionAndThreeCopies() throws Exception {
        Topics catalogue = new Topics(new InMemorySchemaRegistry(), false);
        List<KafkaTopic> topics = Manifests.documents(new StringReader(KafkaTopicManifests.yaml(Replication.CLUSTER))).stream()
                .map(d -> (KafkaTopic) Manifests.parse(d, "generated")).toList();
        assertEquals(catalogue.all().size(), topics.size());
        for (int i = 0; i < topics.size(); i++) {
            Topic<String, ?> expected = catalogue.all().get(i);
            KafkaTopic t = topics.get(i);
            assertEquals(expected.name(), t.getSpec().getTopicName());
            assertTrue(t.getMetadata().getName().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), "a valid Kubernetes name: " + t.getMetadata().getName());
            assertEquals(expected.partitions(), t.getSpec().getPartitions());
            assertEquals(3, t.getSpec().getReplicas());
            assertEquals("2", String.valueOf(t.getSpec().getConfig().get("min.insync.replicas")));
            assertEquals(!expected.compacted() ? "delete" : expected.retention() == null ? "compact" : "compact,delete",
                    t.getSpec().getConfig().get("cleanup.policy"));
            String retention = String.valueOf(t.getSpec().getConfig().get("retention.ms"));
            assertEquals(expected.retention() == null ? "-1" : Long.toString(expected.retention().toMillis()), retention);
            assertEquals(KafkaTopicManifests.CLUSTER, t.getMetadata().getLabels().get("strimzi.io/cluster"));
        }
        assertEquals(topics.size(), topics.stream().map(HasMetadata::getMetadata).map(m -> m.getName()).distinct().count(),
                "no two topics share a resource name");
    }

    @Test
    void aSingleBrokerKeepsOneCopyAndSaysSo() {
        assertTrue(KafkaTopicManifests.yaml(Replication.SINGLE_NODE).contains("min.insync.replicas: 1"));
        assertThrows(IllegalArgumentException.class, () -> new Replication(1, 2), "more in sync than copies can never be met");
    }
}
