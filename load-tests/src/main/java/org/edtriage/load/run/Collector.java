package org.edtriage.load.run;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads what the platform committed, as a dashboard would (read_committed, from the topics' ends at the start of
 * the run, so only this run's events count): every ECG stored on {@code ecg.recorded}, every score, alert and
 * dead letter, with the time it became visible here. Survives a broker outage (the consumer reconnects).
 */
final class Collector implements AutoCloseable {
    private final Topics topics;
    private final Workload workload;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    /** ecgId → arrival index, from ecg.recorded. */
    final Map<String, Integer> indexByEcg = new ConcurrentHashMap<>();
    final Map<Integer, Integer> recordedCopies = new ConcurrentHashMap<>();
    final Map<Integer, Long> ingestedAt = new ConcurrentHashMap<>();
    final AtomicLong foreignRecorded = new AtomicLong();
    /** ecgId → first time its score was visible; and how many scores each ecgId got. */
    final Map<String, Long> scoreSeen = new ConcurrentHashMap<>();
    final Map<String, Integer> scoreCount = new ConcurrentHashMap<>();
    final Map<String, Long> scoresByModel = new ConcurrentHashMap<>();
    final List<long[]> scoreTimeline = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, Long> alertSeen = new ConcurrentHashMap<>();
    final Map<String, Long> alertRaised = new ConcurrentHashMap<>();
    final Map<String, Integer> alertCount = new ConcurrentHashMap<>();
    final Map<String, Long> alertsByLevel = new ConcurrentHashMap<>();
    final List<RejectedMessage> deadLetters = java.util.Collections.synchronizedList(new ArrayList<>());

    Collector(KafkaConnection kafka, Topics topics, Workload workload) {
        this.topics = topics;
        this.workload = workload;
        consumer = new KafkaConsumer<>(kafka.config(Map.of("isolation.level", "read_committed",
                "max.partition.fetch.bytes", 8 * 1024 * 1024)), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (var t : List.of(topics.ecgRecorded, topics.ecgScores, topics.triageAlerts, topics.deadLetter)) {
            for (int p = 0; p < t.partitions(); p++) {
                parts.add(new TopicPartition(t.name(), p));
            }
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position); // fix the start now, before the first arrival
        thread = new Thread(this::run, "load-collector");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    long seen = System.currentTimeMillis();
                    try {
                        take(r, seen);
                    } catch (RuntimeException e) {
                        // a poison event on ecg.recorded (our own SCHEMA_INCOMPATIBLE) is not an ECG: not ours to count here
                        foreignRecorded.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r, long seen) {
        String topic = r.topic();
        if (topic.equals(topics.ecgRecorded.name())) {
            EcgRecorded e = topics.ecgRecorded.deserializeValue(r.value());
            int i = workload.indexOf(e.getSourceRef());
            if (i < 0) {
                foreignRecorded.incrementAndGet();
                return;
            }
            indexByEcg.put(e.getEcgId(), i);
            recordedCopies.merge(i, 1, Integer::sum);
            ingestedAt.putIfAbsent(i, e.getIngestedAt().toEpochMilli());
        } else if (topic.equals(topics.ecgScores.name())) {
            EcgScore s = topics.ecgScores.deserializeValue(r.value());
            scoreSeen.putIfAbsent(s.getEcgId(), seen);
            scoreCount.merge(s.getEcgId(), 1, Integer::sum);
            scoresByModel.merge(s.getModelName() + " " + s.getModelVersion(), 1L, Long::sum);
            scoreTimeline.add(new long[]{seen, s.getModelVersion().hashCode()});
        } else if (topic.equals(topics.triageAlerts.name())) {
            TriageAlert a = topics.triageAlerts.deserializeValue(r.value());
            alertCount.merge(a.getAlertId(), 1, Integer::sum);
            alertSeen.putIfAbsent(a.getEcgId(), seen);
            alertRaised.putIfAbsent(a.getEcgId(), a.getRaisedAt().toEpochMilli());
            alertsByLevel.merge(a.getLevel().toString(), 1L, Long::sum);
        } else {
            deadLetters.add(topics.deadLetter.deserializeValue(r.value()));
        }
    }

    /** Copies what was seen into the ledger's per-arrival rows. */
    void fill(Ledger ledger) {
        indexByEcg.forEach((ecg, i) -> {
            ledger.ingested.set(i, ingestedAt.get(i));
            Long s = scoreSeen.get(ecg);
            if (s != null) {
                ledger.scored.set(i, s);
            }
            Long a = alertSeen.get(ecg);
            if (a != null) {
                ledger.alerted.set(i, a);
                ledger.alertedRaised.set(i, alertRaised.get(ecg));
            }
        });
    }

    /** How many of the arrivals in [from, to) have their alert visible. */
    int alertsFor(int from, int to) {
        int n = 0;
        for (var e : indexByEcg.entrySet()) {
            if (e.getValue() >= from && e.getValue() < to && alertSeen.containsKey(e.getKey())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
