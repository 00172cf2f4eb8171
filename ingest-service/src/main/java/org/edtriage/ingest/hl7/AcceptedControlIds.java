package org.edtriage.ingest.hl7;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.AcceptedMessage;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The HL7 messages already stored, by sending facility and control id (MSH-4|MSH-10), shared by every ingest
 * instance and kept across restarts: each accepted message's record goes to {@code ingest.accepted-messages} in the
 * transaction of its event ({@link #record}), and every instance reads that topic from its start and then follows
 * it. So an engine that lost our AA — because we crashed after storing, or it timed out — and sends the message
 * again, to this instance or another, is acknowledged without a second event.
 *
 * <p>A message not in memory is looked up only after this instance has read the topic up to its current committed
 * end: a message stored by another instance a moment ago is not missed because its record was still on the way.
 * The memory keeps the latest {@code capacity} control ids; the topic keeps seven days
 * ({@link org.edtriage.schemas.Topics#ACCEPTED_MESSAGE_RETENTION}).
 */
public final class AcceptedControlIds implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AcceptedControlIds.class);

    private final Topic<String, AcceptedMessage> topic;
    private final Duration timeout;
    private final Map<String, Boolean> seen;
    private final Map<TopicPartition, Long> read = new HashMap<>(); // guarded by this: the next offset to read, per partition
    private final Admin admin;
    private final KafkaConnection kafka;
    private final Thread follower;
    private volatile List<TopicPartition> partitions;
    private volatile boolean loaded;
    private volatile boolean closed;

    public AcceptedControlIds(KafkaConnection kafka, Topic<String, AcceptedMessage> topic, int capacity, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.timeout = timeout;
        this.seen = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
        this.admin = Admin.create(kafka.config(Map.of("default.api.timeout.ms", (int) timeout.toMillis(),
                "request.timeout.ms", (int) timeout.toMillis())));
        this.follower = new Thread(this::follow, "accepted-control-ids");
        follower.setDaemon(true);
        follower.start();
    }

    /** The key of a message: its sending facility and control id. */
    public static String key(String sendingFacility, String controlId) {
        return sendingFacility + '|' + controlId;
    }

    /** Whether the topic has been read up to where it ended when this instance started (readiness). */
    public boolean loaded() {
        return loaded;
    }

    /**
     * Whether the message was stored before, by any instance.
     *
     * @throws EventPublisher.PublishException when Kafka cannot tell within the timeout (the sender should retry)
     */
    public boolean contains(String key) throws EventPublisher.PublishException {
        synchronized (this) {
            if (seen.containsKey(key)) {
                return true;
            }
        }
        Map<TopicPartition, Long> end = committedEnd();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!caughtUp(end)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new EventPublisher.PublishException("the accepted control ids were not read up to date within "
                            + timeout.toSeconds() + " s", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EventPublisher.PublishException("interrupted while reading the accepted control ids", e);
                }
            }
            return seen.containsKey(key);
        }
    }

    /** The record that goes into the event's transaction. */
    public TransactionalPublisher.Record record(String key, String eventTopic, String acceptedBy, Instant at) {
        return TransactionalPublisher.Record.of(topic, key, AcceptedMessage.newBuilder()
                .setEventTopic(eventTopic).setAcceptedBy(acceptedBy).setAcceptedAt(at).build());
    }

    /** Once this instance's transaction has committed: known at once, before the topic brings it back. */
    public synchronized void remember(String key) {
        seen.put(key, Boolean.TRUE);
    }

    private Map<TopicPartition, Long> committedEnd() throws EventPublisher.PublishException {
        try {
            if (partitions == null) { // a topic's partitions do not change under us (the catalogue fixes them): ask once
                partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic.name()).partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new EventPublisher.PublishException("Kafka did not say where " + topic.name() + " ends within "
                    + timeout.toSeconds() + " s: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublisher.PublishException("interrupted while asking where " + topic.name() + " ends", e);
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (var e : end.entrySet()) {
            if (read.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void follow() {
        while (!closed) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.config(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), timeout).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> startEnd = consumer.endOffsets(partitions, timeout);
                int count = 0;
                while (!closed) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    synchronized (this) {
                        for (ConsumerRecord<String, byte[]> r : records) {
                            if (r.value() != null) {
                                seen.put(r.key(), Boolean.TRUE);
                                count++;
                            }
                        }
                        for (TopicPartition tp : partitions) {
                            read.put(tp, consumer.position(tp, timeout));
                        }
                        if (!loaded && caughtUp(startEnd)) {
                            loaded = true;
                            LOG.infof("%d accepted control id(s) read from %s", count, topic.name());
                        }
                        notifyAll();
                    }
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warnf("following %s: %s; starting over", topic.name(), e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        try {
            follower.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close(Duration.ofSeconds(2));
    }
}
