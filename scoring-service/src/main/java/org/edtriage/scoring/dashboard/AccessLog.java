package org.edtriage.scoring.dashboard;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.edtriage.schemas.KafkaConnection;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.DashboardAccess;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dashboard's audit trail: who opened which visit or ECG, from where, when — on {@code dashboard.access}, durably
 * (acks=all) and <em>before</em> the data is shown. When Kafka cannot take the record the request is refused
 * ({@link Unavailable}): patient data is not shown without a trace of who saw it.
 */
public final class AccessLog implements AutoCloseable {
    public static final String VISIT = "visit";
    public static final String ECG = "ecg";

    private final Topic<String, DashboardAccess> topic;
    private final KafkaProducer<String, byte[]> producer;
    private final Duration timeout;
    private final Clock clock;

    public AccessLog(KafkaConnection kafka, Topic<String, DashboardAccess> topic, Duration timeout, Clock clock) {
        this.topic = topic;
        this.timeout = timeout;
        this.clock = clock;
        this.producer = new KafkaProducer<>(kafka.config(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis())), new StringSerializer(), new ByteArraySerializer());
    }

    /** Records that {@code user} opens {@code subjectId}; returns once Kafka has it. */
    public void record(String user, String action, String subjectId, String client) throws Unavailable {
        DashboardAccess access = DashboardAccess.newBuilder().setUser(user).setAction(action).setSubjectId(subjectId)
                .setClient(client).setAt(clock.instant()).build();
        try {
            producer.send(new ProducerRecord<>(topic.name(), user, topic.serializeValue(access))).get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new Unavailable("the access could not be recorded: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | org.apache.kafka.common.errors.TimeoutException e) {
            throw new Unavailable("the access could not be recorded within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while recording the access", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** No audit record, so no data. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
