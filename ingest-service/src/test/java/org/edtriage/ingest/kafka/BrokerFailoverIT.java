package org.edtriage.ingest.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.infra.KafkaBroker;
import org.edtriage.infra.KafkaCluster;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Replication;
import org.edtriage.schemas.TopicProvisioner;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A three-node KRaft cluster (replication 3, two in sync) with ingest's publisher writing ECGs at 10 a second, as
 * MLLP senders would: the node leading most {@code ecg.recorded} partitions is SIGKILLed a quarter of the way in (7.5 s)
 * and restarted 12.5 s later, long after the cluster has led its partitions elsewhere. Every acknowledged ECG must be on the topic, and none twice but those a sender re-sent after an
 * error (what ingest's control-id memory then catches). The stall the kill causes is printed, not asserted: it is
 * the leader election's and the producer's metadata refresh, and depends on the machine.
 */
class BrokerFailoverIT {
    private static final int ECGS = 300;
    private static final Duration EVERY = Duration.ofMillis(100);

    @Test
    void killingTheLeaderOfMostEcgPartitionsLosesNoAcknowledgedEcgAndStoresNoneTwice(@TempDir Path dir) throws Exception {
        try (KafkaCluster kafka = KafkaCluster.start(dir.resolve("kafka"), 3)) {
            Topics topics = new Topics(new InMemorySchemaRegistry(), true);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                new TopicProvisioner(topics).createTopics(admin, Replication.CLUSTER);
            }
            Ecg ecg = firstSimulatedEcg();
            Map<String, Integer> attempts = new HashMap<>();
            List<Long> ackNanos = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            KafkaBroker victim = null;
            long start = System.nanoTime();
            // ingest's publish timeout (triage.ingest.publish-timeout): a sender that waited longer is told to retry
            try (EventPublisher publisher = new EventPublisher(KafkaConnection.plaintext(kafka.bootstrapServers()), Duration.ofSeconds(5))) {
                for (int i = 0; i < ECGS; i++) {
                    long due = start + i * EVERY.toNanos();
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (i == ECGS / 4) {
                        victim = kafka.leaderOfMost(topics.ecgRecorded.name());
                        victim.kill();
                        System.out.printf(Locale.ROOT, "SIGKILL node %d (leader of most ecg.recorded partitions) at ECG %d%n", victim.nodeId(), i);
                    }
                    if (i == ECGS * 2 / 3) {
                        victim.restart();
                        System.out.printf(Locale.ROOT, "node %d restarted at ECG %d%n", victim.nodeId(), i);
                    }
                    String ecgId = "FAILOVER-" + i;
                    EcgRecorded event = EcgEvents.toEvent(ecg, new EcgEvents.Provenance(ecgId, "PATIENT-" + (i % 97), "VISIT-" + i, "it", ecgId,
                            "simulated", Instant.now()), List.of());
                    while (true) {
                        attempts.merge(ecgId, 1, Integer::sum);
                        try {
                            publisher.publish(topics.ecgRecorded, event.getPatientId().toString(), event);
                            long now = System.nanoTime();
                            ackNanos.add(now);
                            latencies.add(now - due); // from when the ECG was due, across re-sends: what its sender waited
                            break;
                        } catch (EventPublisher.PublishException e) {
                            // what a sender does with an AE: send the same message again
                            System.out.println("publish of " + ecgId + " failed, re-sent: " + e.getMessage());
                        }
                    }
                }
            }

            Map<String, Integer> stored = countOnTopic(kafka, topics);
            Set<String> resent = new HashSet<>();
            attempts.forEach((id, n) -> {
                if (n > 1) {
                    resent.add(id);
                }
            });
            long gap = 0;
            for (int i = 1; i < ackNanos.size(); i++) {
                gap = Math.max(gap, ackNanos.get(i) - ackNanos.get(i - 1));
            }
            List<Long> sorted = new ArrayList<>(latencies);
            sorted.sort(null);
            System.out.printf(Locale.ROOT, "%d ECGs acknowledged, %d re-sent after an error; longest gap between acknowledgements %.1f s; "
                            + "ack latency p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", ackNanos.size(), resent.size(), gap / 1e9,
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6, sorted.get(sorted.size() - 1) / 1e6);

            for (int i = 0; i < ECGS; i++) {
                String id = "FAILOVER-" + i;
                assertTrue(stored.containsKey(id), id + " was acknowledged but is not on the topic");
                if (!resent.contains(id)) {
                    assertEquals(1, stored.get(id), id + " was sent once and stored " + stored.get(id) + " times");
                }
            }
            assertEquals(ECGS, stored.size());
            assertTrue(victim.process().isAlive(), "the killed node came back");
        }
    }

    private static Ecg firstSimulatedEcg() {
        Cohort cohort = new Cohort(CohortConfig.defaults(7, 20));
        while (cohort.hasNext()) {
            if (cohort.next() instanceof CohortEvent.Recording r) {
                return r.synthesize().ecg();
            }
        }
        throw new IllegalStateException("the cohort recorded no ECG");
    }

    /** How many times each ecgId is on the topic (read_committed, from the beginning, until it is quiet). */
    private static Map<String, Integer> countOnTopic(KafkaCluster kafka, Topics topics) {
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "failover-it", "auto.offset.reset", "earliest", "isolation.level", "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.ecgRecorded.name()));
            int quiet = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (quiet < 4 || counts.size() < ECGS)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() && !consumer.assignment().isEmpty() ? quiet + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    counts.merge(topics.ecgRecorded.deserializeValue(r.value()).getEcgId().toString(), 1, Integer::sum);
                }
                if (quiet >= 4 && counts.size() >= ECGS) {
                    break;
                }
            }
        }
        return counts;
    }
}
