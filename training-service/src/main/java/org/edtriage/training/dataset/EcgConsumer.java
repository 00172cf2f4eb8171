package org.edtriage.training.dataset;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.EcgRecorded;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Consumes ecg.recorded into the dataset, committing offsets only after records are stored, so a
 * restart resumes where it left off and loses nothing. Undecodable records are counted and skipped
 * (the scoring service dead-letters them; the training set must simply not contain them).
 */
public final class EcgConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EcgConsumer.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, EcgRecorded> topic;
    private final DatasetCounter dataset;
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean assigned;
    private final Thread thread;

    public EcgConsumer(String bootstrapServers, String groupId, Topic<String, EcgRecorded> topic, DatasetCounter dataset) {
        this.topic = topic;
        this.dataset = dataset;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, "dataset-consumer");
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic.name()));
            while (true) {
                var records = consumer.poll(Duration.ofMillis(500));
                assigned = !consumer.assignment().isEmpty();
                for (ConsumerRecord<String, byte[]> r : records) {
                    try {
                        dataset.store(topic.deserializeValue(r.value()));
                    } catch (RuntimeException e) {
                        undecodable.incrementAndGet();
                        LOG.warnf("skipping undecodable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
                    }
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    public boolean assigned() {
        return assigned;
    }

    public long undecodable() {
        return undecodable.get();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(15_000);
    }
}
