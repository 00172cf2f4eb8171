package org.edtriage.scoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.model.store.ModelStore;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.scoring.engine.ScoringEngine;
import org.edtriage.scoring.model.ModelRegistry;
import org.edtriage.scoring.model.ReleaseWatcher;
import org.edtriage.scoring.streams.ScoringMetrics;
import org.edtriage.scoring.streams.ScoringTopology;
import org.edtriage.scoring.streams.VisitWindow;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Quarkus shell: the model registry fed by {@code model.releases}, the micro-batching engine, and the
 * Kafka Streams topology. The stream starts only once a released model is running — with none, the service
 * stays unready and says why, rather than scoring with a random network.
 */
@ApplicationScoped
public class ScoringService {
    private static final Logger LOG = Logger.getLogger(ScoringService.class);

    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    @ConfigProperty(name = "triage.registry.auto-register", defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = "triage.scoring.application-id", defaultValue = "triage-scoring")
    String applicationId;
    @ConfigProperty(name = "triage.scoring.state-dir", defaultValue = "target/kafka-streams")
    String stateDir;
    @ConfigProperty(name = "triage.scoring.model-name", defaultValue = "ami")
    String modelName;
    @ConfigProperty(name = "triage.scoring.shadow-model-name")
    Optional<String> shadowModelName;
    @ConfigProperty(name = "triage.scoring.model-store")
    Optional<String> modelStore;
    @ConfigProperty(name = "triage.scoring.allow-placeholder-models", defaultValue = "false")
    boolean allowPlaceholder;
    @ConfigProperty(name = "triage.scoring.batch.max-size", defaultValue = "32")
    int maxBatch;
    @ConfigProperty(name = "triage.scoring.batch.max-wait", defaultValue = "PT0.01S")
    Duration maxWait;
    @ConfigProperty(name = "triage.scoring.batch.workers", defaultValue = "1")
    int workers;
    @ConfigProperty(name = "triage.scoring.stream-threads", defaultValue = "1")
    int streamThreads;
    @ConfigProperty(name = "triage.scoring.commit-interval", defaultValue = "PT0.1S")
    Duration commitInterval;
    @ConfigProperty(name = "triage.scoring.window.before-arrival", defaultValue = "PT2H")
    Duration before;
    @ConfigProperty(name = "triage.scoring.window.after-arrival", defaultValue = "PT3H")
    Duration after;
    @ConfigProperty(name = "triage.scoring.window.grace", defaultValue = "PT30M")
    Duration grace;

    @Inject
    MeterRegistry meterRegistry;

    private volatile KafkaStreams streams;
    private volatile ModelRegistry models;
    private volatile ScoringEngine engine;
    private volatile ReleaseWatcher watcher;
    private volatile ScoringMetrics metrics;
    private volatile Topics topics;
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scoring-starter");
        t.setDaemon(true);
        return t;
    });

    void start(@Observes StartupEvent event) throws IOException {
        topics = new Topics(new SchemaRegistryClient(registryUrl), autoRegister);
        metrics = new ScoringMetrics(meterRegistry);
        models = new ModelRegistry(modelName, shadowModelName.orElse(null), allowPlaceholder, workers, Clock.systemUTC());
        models.onSwap(swap -> meterRegistry.counter("triage.scoring.model.swaps", "role", swap.role()).increment());
        Gauge.builder("triage.scoring.model.refusals", models, ModelRegistry::refusalCount).register(meterRegistry);
        engine = new ScoringEngine(models, maxBatch, maxWait, workers, Math.max(4 * maxBatch, 256), metrics::batch);
        Gauge.builder("triage.scoring.engine.queued", engine, ScoringEngine::queued).register(meterRegistry);
        ModelStore store = modelStore.isPresent() ? ModelStore.open(modelStore.get()) : null;
        watcher = new ReleaseWatcher(bootstrapServers, topics.modelReleases, models, store).start();
        // the stream waits for a model: polling a flag is simpler than coupling the watcher to the stream's lifecycle
        starter.scheduleWithFixedDelay(this::startStreamOnceAModelRuns, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void startStreamOnceAModelRuns() {
        if (streams != null || models.champion().info().isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) commitInterval.toMillis());
        props.put(StreamsConfig.producerPrefix("max.request.size"), 8 * 1024 * 1024);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        VisitWindow window = new VisitWindow(before, after, grace);
        KafkaStreams s = new KafkaStreams(ScoringTopology.build(topics,
                ScoringTopology.processors(topics, engine, window, Clock.systemUTC(), metrics, Duration.ofMillis(5))), props);
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it (its tasks restore from their changelogs and resume)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.start();
        streams = s;
        LOG.infof("scoring stream started with %s", models.champion().info().map(i -> i.name() + "@" + i.release()).orElse("?"));
        starter.shutdown();
    }

    void stop(@Observes ShutdownEvent event) {
        starter.shutdownNow();
        if (streams != null) {
            streams.close(Duration.ofSeconds(20));
        }
        if (watcher != null) {
            watcher.close();
        }
        if (engine != null) {
            engine.close();
        }
        if (models != null) {
            models.close();
        }
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    public ModelRegistry models() {
        return models;
    }

    public ScoringMetrics metrics() {
        return metrics;
    }

    /** Why the service is not ready, or null when it is. */
    public String notReadyBecause() {
        if (models == null) {
            return "starting";
        }
        if (models.champion().info().isEmpty()) {
            String refusals = models.refusals().isEmpty() ? "" : "; last refusal: " + models.refusals().get(models.refusals().size() - 1).reason();
            return (watcher != null && watcher.caughtUp() ? "no released model '" + modelName + "' on model.releases"
                    + (modelStore.map(s -> " nor in the model store " + s).orElse("")) : "reading model.releases") + refusals;
        }
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.RUNNING ? null : "scoring stream is " + state;
    }
}
