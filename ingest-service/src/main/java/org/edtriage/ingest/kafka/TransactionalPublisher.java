package org.edtriage.ingest.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topic;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes sets of records that must be stored together or not at all (an HL7 message's event and the record
 * that it was accepted) in Kafka transactions, and returns only once the transaction has committed.
 *
 * <p>Group commit: one thread takes every set waiting at that moment into one transaction, so a burst of
 * concurrent MLLP connections costs one commit round, not one each. A caller that waits longer than the
 * timeout is told to retry; should its transaction commit after all, the accepted-message record committed
 * with it makes the retry a recognised duplicate.
 *
 * <p>The transactional id is {@code triage-ingest-<instance>}: a restarted instance with the same id fences its
 * predecessor and aborts whatever it left open at once; a crashed instance that never returns has its open
 * transaction aborted by the broker after {@link #TRANSACTION_TIMEOUT} — until then read_committed consumers
 * (scoring, training) do not read past it on the partitions it wrote.
 */
public final class TransactionalPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TransactionalPublisher.class);
    /** The transactional ids the ingest principal may use (deploy/k8s/base/kafka-users.yaml). */
    public static final String TRANSACTIONAL_ID_PREFIX = "triage-ingest-";
    /** What a crashed instance's open transaction can hold up downstream consumers for. */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_SETS_PER_TRANSACTION = 256;

    private final KafkaConnection kafka;
    private final String transactionalId;
    private final Duration timeout;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean closed;
    private KafkaProducer<byte[], byte[]> producer; // the committer thread's alone

    /** One record of a set: already serialised, so a schema-registry failure is the caller's, before any transaction. */
    public record Record(String topic, byte[] key, byte[] value) {
        public static <V> Record of(Topic<String, V> topic, String key, V value) {
            return new Record(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key), topic.serializeValue(value));
        }
    }

    private record Pending(List<Record> records, CompletableFuture<Void> done) {
    }

    public TransactionalPublisher(KafkaConnection kafka, String instanceId, Duration timeout) {
        this.kafka = kafka;
        this.transactionalId = TRANSACTIONAL_ID_PREFIX + instanceId;
        this.timeout = timeout;
        this.committer = new Thread(this::commitLoop, "transactions-" + transactionalId);
        committer.setDaemon(true);
        committer.start();
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** Stores the records in one transaction and waits until it has committed. */
    public void publish(List<Record> records) throws EventPublisher.PublishException {
        if (closed) {
            throw new EventPublisher.PublishException("ingest is shutting down", null);
        }
        Pending pending = new Pending(List.copyOf(records), new CompletableFuture<>());
        waiting.add(pending);
        try {
            pending.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EventPublisher.PublishException("Kafka did not commit the transaction: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EventPublisher.PublishException("Kafka did not commit the transaction within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublisher.PublishException("interrupted while publishing", e);
        }
    }

    private void commitLoop() {
        while (!closed) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, MAX_SETS_PER_TRANSACTION - 1);
            } catch (InterruptedException e) {
                break;
            }
            try {
                commit(batch);
                batch.forEach(p -> p.done().complete(null));
            } catch (RuntimeException e) {
                if (e instanceof org.apache.kafka.common.errors.ProducerFencedException
                        || e instanceof org.apache.kafka.common.errors.InvalidProducerEpochException) {
                    // two running instances share this id and fence each other in turn: an operator must separate them
                    LOG.errorf("another ingest instance runs with the transactional id %s: give each instance its own "
                            + "triage.ingest.instance-id (%d message(s) answered AR)", transactionalId, batch.size());
                } else {
                    LOG.warnf("transaction of %d message(s) not committed: %s", batch.size(), e.toString());
                }
                discardProducer(); // a new one (initTransactions) aborts whatever this one left open
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
        waiting.forEach(p -> p.done().completeExceptionally(new KafkaException("ingest is shutting down")));
        discardProducer();
    }

    private void commit(List<Pending> batch) {
        if (producer == null) {
            producer = newProducer();
            producer.initTransactions();
        }
        producer.beginTransaction();
        for (Pending p : batch) {
            for (Record r : p.records()) {
                producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
            }
        }
        // flushes every send and fails if any of them failed
        producer.commitTransaction();
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // every blocking call (initTransactions, send's metadata wait, commit) gives up within the sender's deadline
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()); // ≥ linger (0) + request timeout
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer");
        return new KafkaProducer<>(kafka.config(config));
    }

    private void discardProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                LOG.debugf("closing the transactional producer: %s", e);
            }
            producer = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            committer.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
