package org.edtriage.scoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.edtriage.model.store.ModelStore;
import org.edtriage.schemas.Topics;
import org.edtriage.scoring.engine.ScoringEngine;
import org.edtriage.scoring.model.ModelRegistry;
import org.edtriage.scoring.model.ReleaseWatcher;
import org.edtriage.scoring.streams.ScoringMetrics;
import org.edtriage.scoring.streams.ScoringTopology;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One scoring instance in plain Java: the model registry fed by {@code model.releases}, the micro-batching
 * engine and the Kafka Streams topology. The stream starts only once a released model is running — with
 * none, the instance stays unready and says why, rather than scoring with a random network. The Quarkus
 * service wraps this; integration tests run it as it is.
 */
public final class ScoringRuntime implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ScoringRuntime.class);

    private final ScoringSettings settings;
    private final Topics topics;
    private final ScoringMetrics metrics;
    private final ModelRegistry models;
    private final ScoringEngine engine;
    private final ReleaseWatcher watcher;
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "scoring-starter");
        t.setDaemon(true);
        return t;
    });
    private volatile KafkaStreams streams;
    /** One clock for model swaps, processors and the topology's own dead letters. */
    private final Clock clock = Clock.systemUTC();

    private ScoringRuntime(ScoringSettings settings, Topics topics, MeterRegistry meters) throws IOException {
        this.settings = settings;
        this.topics = topics;
        this.metrics = new ScoringMetrics(meters);
        this.models = new ModelRegistry(settings.modelName(), settings.shadowModelName(), settings.allowPlaceholderModels(), settings.workers(), settings.warmUp() ? settings.maxBatch() : 0,
                clock);
        models.onSwap(swap -> meters.counter("triage.scoring.model.swaps", "role", swap.role()).increment());
        // one series per running model, value 1, labelled with what runs: the Prometheus "info" idiom
        MultiGauge active = MultiGauge.builder("triage.scoring.model.active").description("models running, by role, name and release")
                .register(meters);
        models.onSwap(swap -> active.register(java.util.stream.Stream.of(models.champion(), models.shadow())
                .flatMap(slot -> slot.info().map(i -> MultiGauge.Row.of(Tags.of("role", slot.role(), "model", i.name(), "release", i.release(),
                        "architecture", i.architecture()), 1)).stream()).toList(), true));
        Gauge.builder("triage.scoring.model.refusals", models, ModelRegistry::refusalCount).register(meters);
        this.engine = new ScoringEngine(models, settings.maxBatch(), settings.maxWait(), settings.workers(), Math.max(4 * settings.maxBatch(), 256),
                metrics::batch);
        Gauge.builder("triage.scoring.engine.queued", engine, ScoringEngine::queued).register(meters);
        ModelStore store = settings.modelStore() == null ? null : ModelStore.open(settings.modelStore());
        this.watcher = new ReleaseWatcher(settings.kafka(), topics.modelReleases, models, store);
    }

    public static ScoringRuntime start(ScoringSettings settings, Topics topics, MeterRegistry meters) throws IOException {
        ScoringRuntime runtime = new ScoringRuntime(settings, topics, meters);
        runtime.watcher.start();
        // the stream waits for a model: polling a flag is simpler than coupling the watcher to the stream's lifecycle
        runtime.starter.scheduleWithFixedDelay(runtime::startStreamOnceAModelRuns, 0, 200, TimeUnit.MILLISECONDS);
        return runtime;
    }

    private void startStreamOnceAModelRuns() {
        if (streams != null || models.champion().info().isEmpty()) {
            return;
        }
        Properties props = new Properties();
        props.putAll(settings.kafka().config(Map.of()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.streamThreads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) settings.commitInterval().toMillis());
        props.put(StreamsConfig.producerPrefix("max.request.size"), 8 * 1024 * 1024);
        props.put(StreamsConfig.producerPrefix("compression.type"), "lz4");
        // room for a few hundred ECGs in the store caches, so that short-lived entries never hit the changelog
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // a crashed instance's partitions move after 10 s, not the 45 s default: an alert that waits is a patient waiting
        props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
        props.put(StreamsConfig.consumerPrefix("heartbeat.interval.ms"), 2_000);
        KafkaStreams s = new KafkaStreams(ScoringTopology.build(topics,
                ScoringTopology.processors(topics, engine, settings.window(), clock, metrics, Duration.ofMillis(5)), clock), props);
        s.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it (its tasks restore from their changelogs and resume)", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        s.start();
        streams = s;
        LOG.infof("scoring stream started with %s", models.champion().info().map(i -> i.name() + "@" + i.release()).orElse("?"));
        starter.shutdown();
    }

    public KafkaStreams.State state() {
        KafkaStreams s = streams;
        return s == null ? KafkaStreams.State.NOT_RUNNING : s.state();
    }

    public ModelRegistry models() {
        return models;
    }

    public ScoringMetrics metrics() {
        return metrics;
    }

    /** Why the instance is not ready, or null when it is. */
    public String notReadyBecause() {
        if (models.champion().info().isEmpty()) {
            var refusals = models.refusals();
            String last = refusals.isEmpty() ? "" : "; last refusal: " + refusals.get(refusals.size() - 1).reason();
            return (watcher.caughtUp() ? "no released model '" + settings.modelName() + "' on model.releases"
                    + (settings.modelStore() == null ? "" : " nor in the model store " + settings.modelStore()) : "reading model.releases") + last;
        }
        KafkaStreams.State state = state();
        return state == KafkaStreams.State.RUNNING ? null : "scoring stream is " + state;
    }

    @Override
    public void close() {
        starter.shutdownNow();
        if (streams != null) {
            streams.close(Duration.ofSeconds(20));
        }
        watcher.close();
        engine.close();
        models.close();
    }
}
