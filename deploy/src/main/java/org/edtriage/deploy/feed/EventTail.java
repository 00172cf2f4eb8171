package org.edtriage.deploy.feed;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.TriageAlert;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Follows ecg.scores, triage.alerts and the dead-letter topic (read_committed) and hands each event on. */
public final class EventTail implements Runnable, AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final Consumer<EcgScore> onScore;
    private final Consumer<TriageAlert> onAlert;
    private final Consumer<RejectedMessage> onRejected;
    private final Thread thread = new Thread(this, "event-tail");

    public EventTail(KafkaConnection kafka, Topics topics, Consumer<EcgScore> onScore, Consumer<TriageAlert> onAlert,
                     Consumer<RejectedMessage> onRejected) {
        this.topics = topics;
        this.onScore = onScore;
        this.onAlert = onAlert;
        this.onRejected = onRejected;
        this.consumer = new KafkaConsumer<>(kafka.config(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "triage-console-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    public EventTail start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.ecgScores.name(), topics.triageAlerts.name(), topics.deadLetter.name()));
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(topics.ecgScores.name())) {
                        onScore.accept(topics.ecgScores.deserializeValue(r.value()));
                    } else if (r.topic().equals(topics.triageAlerts.name())) {
                        onAlert.accept(topics.triageAlerts.deserializeValue(r.value()));
                    } else {
                        onRejected.accept(topics.deadLetter.deserializeValue(r.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }

    /** Follows ecg.recorded and remembers the ecgIds by source (for tests and the stack's own checks). */
    public static final class Recorded implements AutoCloseable {
        private final java.util.Map<String, String> lastBySource = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, java.util.Set<String>> allBySource = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<String, String> byName = new java.util.concurrent.ConcurrentHashMap<>();
        private final KafkaConsumer<String, byte[]> consumer;
        private final Thread thread;

        public Recorded(KafkaConnection kafka, Topics topics) {
            consumer = new KafkaConsumer<>(kafka.config(Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, "triage-recorded-" + System.nanoTime(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer());
            thread = new Thread(() -> {
                try {
                    consumer.subscribe(List.of(topics.ecgRecorded.name()));
                    while (true) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            var e = topics.ecgRecorded.deserializeValue(r.value());
                            lastBySource.put(e.getSource(), e.getEcgId());
                            allBySource.computeIfAbsent(e.getSource(), k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(e.getEcgId());
                            if (e.getSourceRef() != null) {
                                byName.put(e.getSourceRef(), e.getEcgId());
                            }
                        }
                    }
                } catch (WakeupException e) {
                    // closing
                } finally {
                    consumer.close(Duration.ofSeconds(5));
                }
            }, "recorded-tail");
            thread.setDaemon(true);
            thread.start();
        }

        /** The last ecgId seen from that source, or null. */
        public String bySource(String source) {
            return lastBySource.get(source);
        }

        /** Every ecgId seen from that source so far. */
        public java.util.Set<String> allBySource(String source) {
            return java.util.Set.copyOf(allBySource.getOrDefault(source, java.util.Set.of()));
        }

        /** The ecgId of the ECG whose sender's reference (record name, control id) is this, or null. */
        public String byName(String sourceRef) {
            return byName.get(sourceRef);
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            thread.join(10_000);
        }
    }
}
