package org.edtriage.ingest.kafka;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.edtriage.schemas.Topic;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events and returns only once Kafka has them (acks=all, idempotent), so ingest can tell
 * the sender "accepted" truthfully: the HTTP 202 / HL7 AA is sent after this returns, never before.
 */
public final class EventPublisher implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;

    public EventPublisher(KafkaConnection kafka, Duration timeout) {
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                // send() itself blocks for metadata when the broker is gone; bound that too, or a sender
                // would wait 60 s (the default) for an answer we already know is "retry later"
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer",
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer")));
    }

    /** Sends and waits for the broker's acknowledgement. */
    public <V> RecordMetadata publish(Topic<String, V> topic, String key, V value) throws PublishException {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.serializeValue(value);
        try {
            return producer.send(new ProducerRecord<>(topic.name(), k, v)).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new PublishException("Kafka metadata for " + topic.name() + " unavailable within " + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka did not accept the record for " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge the record for " + topic.name() + " within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while publishing to " + topic.name(), e);
        }
    }

    /** Whether the cluster answers metadata for the topic (readiness). */
    public boolean reaches(Topic<String, ?> topic) {
        try {
            return !producer.partitionsFor(topic.name()).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /** The event is not durably in Kafka: the sender must be told to retry. */
    public static final class PublishException extends Exception {
        public PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
