package org.edtriage.ingest.hl7;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.schemas.KafkaConnection;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a keyed topic from its beginning and then follows it on a thread of its own, at one isolation level,
 * remembering the latest {@code capacity} keys with the offset each was last seen at, and how far each partition
 * has been read, so that a caller can wait until a given position has been read.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);

    /** Where a key was last seen; a key remembered without reading it has no offset. */
    record Offset(TopicPartition partition, long offset) {
    }

    private final KafkaConnection kafka;
    private final String topic;
    private final IsolationLevel isolation;
    private final Duration timeout;
    private final Map<String, Offset> seen; // guarded by this
    private final Map<TopicPartition, Long> read = new HashMap<>(); // guarded by this: the next offset to read, per partition
    private final Thread thread;
    private volatile boolean loaded;
    private volatile boolean closed;

    TopicFollower(KafkaConnection kafka, String topic, IsolationLevel isolation, int capacity, Duration timeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.isolation = isolation;
        this.timeout = timeout;
        this.seen = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Offset> eldest) {
                return size() > capacity;
            }
        };
        this.thread = new Thread(this::follow, "follow-" + topic + "-" + isolation.toString().toLowerCase(Locale.ROOT));
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether the topic has been read up to where it ended (for this isolation level) when following began. */
    boolean loaded() {
        return loaded;
    }

    synchronized boolean contains(String key) {
        return seen.containsKey(key);
    }

    synchronized Offset lastOffset(String key) {
        return seen.get(key);
    }

    /** Known without having been read (this instance wrote it). */
    synchronized void remember(String key) {
        seen.put(key, null);
    }

    /**
     * Waits until every partition has been read up to the given next offset.
     *
     * @throws EventPublisher.PublishException when that does not happen before the deadline ({@link System#nanoTime})
     */
    synchronized void awaitPositions(Map<TopicPartition, Long> positions, long deadline) throws EventPublisher.PublishException {
        while (!reached(positions)) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || closed) {
                throw new EventPublisher.PublishException(topic + " was not read (" + isolation + ") up to " + positions
                        + " within " + timeout.toSeconds() + " s", null);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublisher.PublishException("interrupted while reading " + topic, e);
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> positions) {
        for (var e : positions.entrySet()) {
            if (read.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void follow() {
        while (!closed) {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.config(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
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
                                seen.put(r.key(), new Offset(new TopicPartition(r.topic(), r.partition()), r.offset()));
                                count++;
                            }
                        }
                        for (TopicPartition tp : partitions) {
                            read.put(tp, consumer.position(tp, timeout));
                        }
                        if (!loaded && reached(startEnd)) {
                            loaded = true;
                            LOG.infof("%d record(s) read from %s (%s)", count, topic, isolation);
                        }
                        notifyAll();
                    }
                }
            } catch (RuntimeException e) {
                if (!closed) {
                    LOG.warnf("following %s (%s): %s; starting over", topic, isolation, e.toString());
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
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
