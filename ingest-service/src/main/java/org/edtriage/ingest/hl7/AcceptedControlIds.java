package org.edtriage.ingest.hl7;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.edtriage.ingest.kafka.EventPublisher;
import org.edtriage.ingest.kafka.TransactionalPublisher;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.AcceptedMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * <p>The topic is followed twice. What is <em>stored</em> is read read_committed. What is <em>written</em> is read
 * read_uncommitted, up to the high watermark: that includes transactions still open and transactions whose commit
 * has returned to their producer but whose markers the coordinator has not yet written — for that moment the
 * committed end (the last stable offset) still lies before them, so a lookup that only read up to the committed end
 * would miss a message another instance has just stored. A message not in memory is therefore looked up in what is
 * written up to the high watermark; only if its control id is there does the lookup wait until the committed reader
 * has passed that record (its transaction committed or aborted). A crashed instance's open transaction, which the
 * broker aborts only after {@link TransactionalPublisher#TRANSACTION_TIMEOUT}, holds up the message it was storing
 * — which must wait — and not every other message.
 *
 * <p>Each memory keeps the latest {@code capacity} control ids; the topic keeps seven days
 * ({@link org.edtriage.schemas.Topics#ACCEPTED_MESSAGE_RETENTION}).
 */
public final class AcceptedControlIds implements AutoCloseable {
    private final Topic<String, AcceptedMessage> topic;
    private final Duration timeout;
    private final Admin admin;
    private final TopicFollower stored;
    private final TopicFollower written;
    private volatile List<TopicPartition> partitions;

    public AcceptedControlIds(KafkaConnection kafka, Topic<String, AcceptedMessage> topic, int capacity, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        this.admin = Admin.create(kafka.config(Map.of("default.api.timeout.ms", (int) timeout.toMillis(),
                "request.timeout.ms", (int) timeout.toMillis())));
        this.stored = new TopicFollower(kafka, topic.name(), IsolationLevel.READ_COMMITTED, capacity, timeout);
        this.written = new TopicFollower(kafka, topic.name(), IsolationLevel.READ_UNCOMMITTED, capacity, timeout);
    }

    /** The key of a message: its sending facility and control id. */
    public static String key(String sendingFacility, String controlId) {
        return sendingFacility + '|' + controlId;
    }

    /** Whether the topic's stored records have been read up to where they ended when this instance started (readiness). */
    public boolean loaded() {
        return stored.loaded();
    }

    /**
     * Whether the message was stored before, by any instance.
     *
     * @throws EventPublisher.PublishException when Kafka cannot tell within the timeout (the sender should retry)
     */
    public boolean contains(String key) throws EventPublisher.PublishException {
        if (stored.contains(key)) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        written.awaitPositions(highWatermarks(), deadline);
        TopicFollower.Offset last = written.lastOffset(key);
        if (last == null) {
            return false; // nobody has written it: not stored, and not being stored
        }
        // written, maybe still in flight: stored only if its transaction committed
        stored.awaitPositions(Map.of(last.partition(), last.offset() + 1), deadline);
        return stored.contains(key);
    }

    /** The record that goes into the event's transaction. */
    public TransactionalPublisher.Record record(String key, String eventTopic, String acceptedBy, Instant at) {
        return TransactionalPublisher.Record.of(topic, key, AcceptedMessage.newBuilder()
                .setEventTopic(eventTopic).setAcceptedBy(acceptedBy).setAcceptedAt(at).build());
    }

    /** Once this instance's transaction has committed: known at once, before the topic brings it back. */
    public void remember(String key) {
        stored.remember(key);
    }

    /** Where each partition ends for read_uncommitted readers: everything acknowledged to its producer. */
    private Map<TopicPartition, Long> highWatermarks() throws EventPublisher.PublishException {
        try {
            if (partitions == null) { // a topic's partitions do not change under us (the catalogue fixes them): ask once
                partitions = admin.describeTopics(List.of(topic.name())).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .get(topic.name()).partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
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

    @Override
    public void close() {
        stored.close();
        written.close();
        admin.close(Duration.ofSeconds(2));
    }
}
