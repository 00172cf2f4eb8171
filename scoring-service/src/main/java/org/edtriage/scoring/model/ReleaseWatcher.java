package org.edtriage.scoring.model;

import org.edtriage.schemas.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.edtriage.model.store.ModelStore;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.mapping.ModelReleases;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Follows {@code model.releases} (compacted, one partition) without a consumer group: every instance reads
 * it whole from the beginning, so the latest release per model is known at start, then keeps tailing it.
 *
 * <p>At start the newest release of each wanted model that passes the registry's checks is installed (a
 * refused newest release is logged, and the one before it is tried, so a bad release never leaves a
 * restarted instance without the model it ran before). With no release on the topic it falls back to the
 * model store's active decision, if a store is configured.
 */
public final class ReleaseWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReleaseWatcher.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Topic<String, ModelRelease> topic;
    private final ModelRegistry registry;
    private final ModelStore store;
    private final Thread thread;
    private volatile boolean closed;
    private volatile boolean caughtUp;

    /** @param store the model store to fall back on when the topic holds no release; null for none */
    public ReleaseWatcher(KafkaConnection kafka, Topic<String, ModelRelease> topic, ModelRegistry registry, ModelStore store) {
        this.consumer = new KafkaConsumer<>(kafka.config(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.registry = registry;
        this.store = store;
        this.thread = new Thread(this::run, "model-release-watcher");
        this.thread.setDaemon(true);
    }

    public ReleaseWatcher start() {
        thread.start();
        return this;
    }

    /** Whether the history up to the start was read and acted on. */
    public boolean caughtUp() {
        return caughtUp;
    }

    private void run() {
        try {
            TopicPartition partition = new TopicPartition(topic.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(60)).get(partition);
            Map<String, List<ModelRelease>> history = new LinkedHashMap<>();
            while (consumer.position(partition) < end && !closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    decode(r).filter(rel -> registry.wants(rel.getModelName()))
                            .ifPresent(rel -> history.computeIfAbsent(rel.getModelName(), k -> new ArrayList<>()).add(rel));
                }
            }
            installNewestGood(history);
            caughtUp = true;
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    decode(r).ifPresent(registry::offer);
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.error("release watcher woken unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("release watcher stopped: no further model releases will be picked up", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void installNewestGood(Map<String, List<ModelRelease>> history) {
        for (String name : registry.shadowName().map(s -> List.of(registry.championName(), s)).orElse(List.of(registry.championName()))) {
            List<ModelRelease> releases = history.getOrDefault(name, List.of());
            if (releases.isEmpty()) {
                fromStore(name).ifPresent(registry::offer);
                continue;
            }
            for (int i = releases.size() - 1; i >= 0; i--) {
                ModelRegistry.Outcome outcome = registry.offer(releases.get(i));
                if (outcome != ModelRegistry.Outcome.REFUSED) {
                    break;
                }
            }
        }
    }

    private Optional<ModelRelease> fromStore(String name) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.active(name).map(d -> {
                var window = d.trainingWindow();
                LOG.infof("no release of %s on %s; starting from the model store's active %s", name, topic.name(), d.version());
                return ModelReleases.of(d.model(), d.version(), d.architecture(), d.artifactUri(), d.sha256(), d.metrics(), d.thresholds(),
                        window[0], window[1], d.at(), d.reason());
            });
        } catch (java.io.IOException e) {
            LOG.warnf("model store %s unreadable: %s", store.uri(), e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<ModelRelease> decode(ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return Optional.empty(); // a tombstone retires a model name; nothing to load
        }
        try {
            return Optional.of(topic.deserializeValue(r.value()));
        } catch (RuntimeException e) {
            registry.refuse(r.key(), "offset " + r.offset(), "undecodable release event: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
