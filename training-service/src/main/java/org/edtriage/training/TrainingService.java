package org.edtriage.training;

import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.schemas.mapping.ModelReleases;
import org.edtriage.training.dataset.DatasetFeed;
import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.model.store.ModelStore;
import org.edtriage.training.release.ReleaseGate;
import org.edtriage.training.release.TrainingCycle;
import org.edtriage.training.train.ExperimentConfig;
import org.edtriage.training.train.Progress;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Quarkus shell around ecg-training: materialises the topics into the dataset store and runs a
 * training cycle on a schedule — a cron expression ({@code triage.training.cron}, "off" by default)
 * and/or after every N newly labelled visits ({@code triage.training.every-labelled-visits}, 0 = off).
 * A released model is announced on {@code model.releases}; a rejected one is only logged and recorded.
 */
@ApplicationScoped
public class TrainingService {
    private static final Logger LOG = Logger.getLogger(TrainingService.class);

    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = KafkaConnection.PROPERTIES_SETTING)
    Optional<Path> kafkaClientProperties;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    /** A PEM certificate to trust for an https registry whose certificate the JVM's trust store does not hold. */
    @ConfigProperty(name = "triage.registry.trust-certificate")
    java.util.Optional<java.nio.file.Path> registryTrustCertificate;
    @ConfigProperty(name = "triage.training.group-id", defaultValue = "triage-training-dataset")
    String groupId;
    @ConfigProperty(name = "triage.training.dataset-dir", defaultValue = "var/training/dataset")
    Path datasetDir;
    @ConfigProperty(name = "triage.training.work-dir", defaultValue = "var/training/work")
    Path workDir;
    @ConfigProperty(name = "triage.training.model-store", defaultValue = "var/models")
    String modelStore;
    @ConfigProperty(name = "triage.training.model-name", defaultValue = "ami")
    String modelName;
    /** The defaults are the ecg-training README's benchmark winners: the median-beat CNN, measurement pre-training, our recipe. */
    @ConfigProperty(name = "triage.training.architecture", defaultValue = "cnn20k-beat")
    String architecture;
    @ConfigProperty(name = "triage.training.pretrain-task", defaultValue = "measurements-agesex")
    String pretrainTask;
    @ConfigProperty(name = "triage.training.preset", defaultValue = "triage")
    String preset;
    /** Networks per challenger: above 1, an ensemble of that many seeds (ecg-training README), each costing one network's training. */
    @ConfigProperty(name = "triage.training.ensemble-members", defaultValue = "1")
    int ensembleMembers;
    @ConfigProperty(name = "triage.training.every-labelled-visits", defaultValue = "0")
    long everyLabelledVisits;
    @ConfigProperty(name = "triage.training.reuse-body-below-growth", defaultValue = "0.1")
    double reuseBodyBelowGrowth;
    /**
     * The release rule (ReleaseGate): a challenger may be at most this much worse in AUC (lower 95 % bound of the paired
     * difference) than the champion, or with none than the feature model trained on the same visits.
     */
    @ConfigProperty(name = "triage.training.gate.margin", defaultValue = ReleaseGate.DEFAULT_MARGIN)
    double gateMargin;
    @ConfigProperty(name = "triage.training.gate.resamples", defaultValue = ReleaseGate.DEFAULT_RESAMPLES)
    int gateResamples;

    @Inject
    MeterRegistry meters;

    private DatasetStore store;
    private DatasetFeed feed;
    private volatile double lastReleaseEpochSeconds = Double.NaN;
    private Topics topics;
    private KafkaConnection kafka;
    private final AtomicBoolean cycleRunning = new AtomicBoolean();
    private volatile LabelledVisitTrigger labelTrigger;
    private volatile String lastCycle = "none yet";

    void start(@Observes StartupEvent event) throws IOException {
        cycleSettings(); // a setting no cycle could run with stops the service now, not every cycle later
        topics = new Topics(SchemaRegistryClient.of(registryUrl, registryTrustCertificate), false);
        store = DatasetStore.open(datasetDir);
        labelTrigger = new LabelledVisitTrigger(everyLabelledVisits, store.counts().outcomes());
        kafka = KafkaConnection.of(bootstrapServers, kafkaClientProperties);
        feed = new DatasetFeed(kafka, groupId, topics, store);
        feed.start();
        registerGauges();
    }

    private TrainingCycle.Settings cycleSettings() {
        ExperimentConfig config = ExperimentConfig.preset(preset, modelName, architecture, pretrainTask, 1);
        return new TrainingCycle.Settings(modelName, config, reuseBodyBelowGrowth, new ReleaseGate(gateMargin, gateResamples, 1), workDir,
                ensembleMembers);
    }

    /**
     * What ops watch on a retraining service: is the dataset growing, is the feed keeping up without
     * undecodable records, do cycles run and release (a champion that has not changed for weeks while labels
     * keep coming is worth a look). Dataset counts are read from the store at scrape time.
     */
    private void registerGauges() {
        Gauge.builder("triage.training.dataset.ecgs", store, s -> s.counts().ecgs()).description("ECGs in the dataset store").register(meters);
        Gauge.builder("triage.training.dataset.chest-pain-visits", store, s -> s.counts().chestPainVisits()).register(meters);
        Gauge.builder("triage.training.dataset.outcomes", store, s -> s.counts().outcomes()).description("visits with a known outcome").register(meters);
        Gauge.builder("triage.training.dataset.ami-outcomes", store, s -> s.counts().amiOutcomes()).register(meters);
        Gauge.builder("triage.training.feed.stored", feed, DatasetFeed::stored).description("records stored by this instance's feed").register(meters);
        Gauge.builder("triage.training.feed.undecodable", feed, DatasetFeed::undecodable).description("records skipped as undecodable").register(meters);
        Gauge.builder("triage.training.last-release", this, t -> t.lastReleaseEpochSeconds)
                .description("when this instance last released a model (epoch seconds; NaN before its first)").register(meters);
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (feed != null) {
            feed.close();
        }
        if (store != null) {
            store.close();
        }
    }

    @Scheduled(cron = "${triage.training.cron:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onCron() {
        runCycle("cron", "cron");
    }

    @Scheduled(every = "${triage.training.check-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onNewLabels() {
        if (labelTrigger != null && labelTrigger.due(store.counts().outcomes())) {
            runCycle("labels", everyLabelledVisits + " new labelled visits");
        }
    }

    /**
     * Runs one cycle now unless one is running; returns what happened. Counted in {@code triage.training.cycles}
     * by trigger (cron, labels, request) and outcome (released, rejected, failed, skipped), timed in
     * {@code triage.training.cycle.duration}.
     */
    public String runCycle(String trigger, String why) {
        if (!cycleRunning.compareAndSet(false, true)) {
            meters.counter("triage.training.cycles", "trigger", trigger, "outcome", "skipped").increment();
            return "a cycle is already running";
        }
        Timer.Sample timing = Timer.start(meters);
        String result = "failed";
        try {
            labelTrigger.cycleStarted(store.counts().outcomes());
            var cycle = new TrainingCycle(cycleSettings(), Progress.console(System.out));
            var outcome = cycle.run(store, ModelStore.open(modelStore));
            if (outcome.decision().active()) {
                publish(outcome.decision());
                lastReleaseEpochSeconds = outcome.decision().at().toEpochMilli() / 1000.0;
            }
            result = outcome.decision().kind();
            lastCycle = why + ": " + outcome.decision().kind() + " " + outcome.decision().version() + " — " + outcome.decision().reason();
            LOG.info("training cycle (" + lastCycle + ")");
            return lastCycle;
        } catch (Exception e) {
            lastCycle = why + ": failed — " + e.getMessage();
            LOG.error("training cycle failed", e);
            return lastCycle;
        } finally {
            meters.counter("triage.training.cycles", "trigger", trigger, "outcome", result).increment();
            timing.stop(meters.timer("triage.training.cycle.duration", "outcome", result));
            cycleRunning.set(false);
        }
    }

    /** The model's releases, rejections and rollbacks, oldest first. */
    public java.util.List<ModelStore.Decision> decisions() throws IOException {
        return ModelStore.open(modelStore).decisions(modelName);
    }

    /**
     * Makes an earlier release active again and announces it on {@code model.releases}, so every scorer swaps to it (the
     * store logs it; nothing is deleted). Never while a cycle runs: the cycle's own release would race it.
     */
    public ModelStore.Decision rollback(String version, String reason) throws Exception {
        if (!cycleRunning.compareAndSet(false, true)) {
            throw new IllegalStateException("a training cycle is running; roll back after it ends");
        }
        try {
            ModelStore.Decision d = ModelStore.open(modelStore).rollback(modelName, version, reason);
            publish(d);
            lastReleaseEpochSeconds = d.at().toEpochMilli() / 1000.0;
            LOG.info("rolled back to " + d.version() + ": " + reason);
            return d;
        } finally {
            cycleRunning.set(false);
        }
    }

    void publish(ModelStore.Decision d) throws Exception {
        Instant[] window = d.trainingWindow();
        ModelReleases.publish(kafka, topics, ModelReleases.of(d.model(), d.version(), d.architecture(), d.artifactUri(),
                d.sha256(), d.metrics(), d.thresholds(), window[0], window[1], d.at(), d.reason()));
    }

    public DatasetStore store() {
        return store;
    }

    public DatasetFeed feed() {
        return feed;
    }

    public String lastCycle() {
        return lastCycle;
    }
}
