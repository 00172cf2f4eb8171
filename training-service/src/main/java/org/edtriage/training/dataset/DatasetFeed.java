package org.edtriage.training.dataset;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EdVisit;
import org.edtriage.schemas.events.VisitOutcome;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.training.cohort.EdVisitRow;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Materialises {@code ecg.recorded}, {@code ed.visits} and {@code visit.outcomes} into the
 * {@link DatasetStore}. Each poll's records and the next offsets are written in one store transaction;
 * on (re)assignment the consumer seeks to the offsets the store holds, so the store and its position
 * never disagree, a restart resumes exactly where the data ends, and a replay adds nothing (writes are
 * idempotent by ecgId and visitId anyway). Offsets are also committed to Kafka afterwards, for lag
 * monitoring only. An empty store on a new group rebuilds everything from the start of the topics.
 * Undecodable records are counted and skipped (ingest and scoring dead-letter them; the training set
 * must simply not contain them).
 */
public final class DatasetFeed implements Runnable, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DatasetFeed.class);
    private final KafkaConsumer<String, byte[]> consumer;
    private final Topics topics;
    private final DatasetStore store;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean assigned;
    private final Thread thread;

    public DatasetFeed(KafkaConnection kafka, String groupId, Topics topics, DatasetStore store) {
        this.topics = topics;
        this.store = store;
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer = new KafkaConsumer<>(kafka.config(config), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this, "dataset-feed");
    }

    public void start() {
        thread.start();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topics.ecgRecorded.name(), topics.edVisits.name(), topics.visitOutcomes.name()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    for (TopicPartition tp : partitions) {
                        try {
                            Long next = store.offsets(tp.topic()).get(tp.partition());
                            if (next != null) {
                                consumer.seek(tp, next); // the store, not the group, knows what is stored
                            }
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException("cannot read stored offsets", e);
                        }
                    }
                    assigned = true;
                }
            });
            while (true) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, Long> next = new HashMap<>();
                store.transaction(() -> {
                    for (ConsumerRecord<String, byte[]> r : records) {
                        apply(r);
                        next.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
                    }
                    for (var e : next.entrySet()) {
                        store.putOffset(e.getKey().topic(), e.getKey().partition(), e.getValue());
                    }
                    return null;
                });
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                next.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
                consumer.commitAsync(commit, null);
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (Exception e) {
            LOG.error("dataset feed stopped: " + e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) throws java.io.IOException, java.sql.SQLException {
        try {
            if (r.topic().equals(topics.ecgRecorded.name())) {
                EcgRecorded e = topics.ecgRecorded.deserializeValue(r.value());
                if (store.putEcg(e.getEcgId(), e.getPatientId(), e.getVisitId(), e.getAcquiredAt(), e.getAgeYears(),
                        org.edtriage.ecg.Sex.parse(e.getSex().name()), e.getSource(), EcgEvents.toEcg(e))) {
                    stored.incrementAndGet();
                }
            } else if (r.topic().equals(topics.edVisits.name())) {
                EdVisit v = topics.edVisits.deserializeValue(r.value());
                store.putVisit(new EdVisitRow(v.getVisitId(), v.getPatientId(), v.getArrivalTime(), v.getChestPain(), v.getAgeYears(),
                        org.edtriage.ecg.Sex.parse(v.getSex().name())), v.getHospitalId(), v.getChiefComplaintCode(), "kafka");
            } else if (r.topic().equals(topics.visitOutcomes.name())) {
                VisitOutcome o = topics.visitOutcomes.deserializeValue(r.value());
                store.putOutcome(new DatasetStore.OutcomeRow(o.getVisitId(), o.getAmiWithin30Days(), String.join(" ", o.getIcd10Codes()),
                        o.getOutcomeTime(), o.getLabelTime()));
            }
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            LOG.warnf("skipping undecodable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    public boolean assigned() {
        return assigned;
    }

    public long stored() {
        return stored.get();
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
