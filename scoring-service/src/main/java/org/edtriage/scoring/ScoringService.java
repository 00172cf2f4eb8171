package org.edtriage.scoring;

import org.edtriage.schemas.KafkaConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.scoring.dashboard.AlertRow;
import org.edtriage.scoring.dashboard.AccessLog;
import org.edtriage.scoring.dashboard.DashboardView;
import org.edtriage.scoring.model.ModelRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import org.edtriage.scoring.streams.ScoringMetrics;
import org.edtriage.scoring.streams.VisitWindow;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The Quarkus shell around {@link ScoringRuntime}: configuration in, a running instance out. */
@ApplicationScoped
public class ScoringService {
    @ConfigProperty(name = "triage.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = KafkaConnection.PROPERTIES_SETTING)
    Optional<java.nio.file.Path> kafkaClientProperties;
    @ConfigProperty(name = "triage.registry.url")
    String registryUrl;
    /** A PEM certificate to trust for an https registry whose certificate the JVM's trust store does not hold. */
    @ConfigProperty(name = "triage.registry.trust-certificate")
    java.util.Optional<java.nio.file.Path> registryTrustCertificate;
    @ConfigProperty(name = "triage.registry.auto-register", defaultValue = "true")
    boolean autoRegister;
    @ConfigProperty(name = "triage.scoring.application-id", defaultValue = ScoringSettings.DEFAULT_APPLICATION_ID)
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
    /** Off only to measure what the warm-up saves (the load tests' cold-start comparison). */
    @ConfigProperty(name = "triage.scoring.warm-up", defaultValue = "true")
    boolean warmUp;
    @ConfigProperty(name = "triage.scoring.batch.max-wait", defaultValue = "PT0.01S")
    Duration maxWait;
    @ConfigProperty(name = "triage.scoring.batch.workers", defaultValue = "1")
    int workers;
    @ConfigProperty(name = "triage.scoring.stream-threads", defaultValue = "1")
    int streamThreads;
    /** 1 where two or more instances run (Kubernetes): a lost instance's visits move to a warm copy. */
    @ConfigProperty(name = "triage.scoring.standby-replicas", defaultValue = "0")
    int standbyReplicas;
    @ConfigProperty(name = "triage.scoring.commit-interval", defaultValue = "PT0.1S")
    Duration commitInterval;
    @ConfigProperty(name = "triage.scoring.window.before-arrival", defaultValue = "PT2H")
    Duration before;
    @ConfigProperty(name = "triage.scoring.window.after-arrival", defaultValue = "PT3H")
    Duration after;
    @ConfigProperty(name = "triage.scoring.window.grace", defaultValue = "PT30M")
    Duration grace;

    @ConfigProperty(name = "triage.dashboard.horizon", defaultValue = "PT12H")
    Duration dashboardHorizon;
    @ConfigProperty(name = "triage.dashboard.recent-ecgs", defaultValue = "300")
    int recentEcgs;

    @Inject
    MeterRegistry meterRegistry;

    private volatile ScoringRuntime runtime;
    private volatile DashboardView dashboard;
    private volatile AccessLog accessLog;
    private final BroadcastProcessor<AlertRow> alerts = BroadcastProcessor.create();
    private volatile Topics topics;

    void start(@Observes StartupEvent event) throws IOException {
        topics = new Topics(SchemaRegistryClient.of(registryUrl, registryTrustCertificate), autoRegister);
        KafkaConnection kafka = KafkaConnection.of(bootstrapServers, kafkaClientProperties);
        runtime = ScoringRuntime.start(new ScoringSettings(kafka, applicationId, stateDir, modelName, shadowModelName.orElse(null),
                modelStore.orElse(null), allowPlaceholder, maxBatch, maxWait, workers, streamThreads, commitInterval,
                new VisitWindow(before, after, grace), warmUp, standbyReplicas), topics, meterRegistry);
        dashboard = new DashboardView(kafka, topics, dashboardHorizon, recentEcgs, Clock.systemUTC());
        dashboard.onAlert(alerts::onNext);
        dashboard.start();
        accessLog = new AccessLog(kafka, topics.dashboardAccess, Duration.ofSeconds(3), Clock.systemUTC());
    }

    /** The dashboard's audit trail. */
    public AccessLog accessLog() {
        return accessLog;
    }

    public DashboardView dashboard() {
        return dashboard;
    }

    /** Every new alert, for any number of Server-Sent-Events subscribers. */
    public Multi<AlertRow> alertStream() {
        return alerts;
    }

    void stop(@Observes ShutdownEvent event) {
        if (dashboard != null) {
            dashboard.close();
        }
        if (accessLog != null) {
            accessLog.close();
        }
        alerts.onComplete();
        if (runtime != null) {
            runtime.close();
        }
    }

    public KafkaStreams.State state() {
        return runtime == null ? KafkaStreams.State.NOT_RUNNING : runtime.state();
    }

    public ModelRegistry models() {
        return runtime == null ? null : runtime.models();
    }

    public ScoringMetrics metrics() {
        return runtime == null ? null : runtime.metrics();
    }

    public String notReadyBecause() {
        return runtime == null ? "starting" : runtime.notReadyBecause();
    }
}
