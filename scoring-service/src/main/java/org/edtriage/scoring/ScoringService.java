package org.edtriage.scoring;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.edtriage.model.EcgScorer;
import org.edtriage.model.PlaceholderModel;
import org.edtriage.schemas.Topics;
import org.edtriage.schemas.registry.SchemaRegistryClient;
import org.edtriage.scoring.streams.AlertPolicy;
import org.edtriage.scoring.streams.EcgScoring;
import org.edtriage.scoring.streams.ScoringTopology;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** The Quarkus shell around {@link ScoringTopology}: configuration in, a running KafkaStreams out. */
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
    @ConfigProperty(name = "triage.scoring.placeholder.rule-out")
    double ruleOut;
    @ConfigProperty(name = "triage.scoring.placeholder.rule-in")
    double ruleIn;

    private volatile KafkaStreams streams;
    private volatile EcgScorer scorer;

    void start(@Observes StartupEvent event) {
        Topics topics = new Topics(new SchemaRegistryClient(registryUrl), autoRegister);
        scorer = new PlaceholderModel();
        LOG.warnf("scoring with %s %s: an UNTRAINED placeholder network, its scores carry no clinical meaning",
                scorer.modelName(), scorer.modelVersion());
        EcgScoring scoring = new EcgScoring(topics.ecgRecorded, scorer, new AlertPolicy(ruleOut, ruleIn), Clock.systemUTC());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.producerPrefix("max.request.size"), 4 * 1024 * 1024);
        streams = new KafkaStreams(ScoringTopology.build(topics, scoring), props);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (streams != null) {
            streams.close(Duration.ofSeconds(20));
        }
        if (scorer != null) {
            scorer.close();
        }
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
    }

    public EcgScorer scorer() {
        return scorer;
    }
}
