package org.edtriage.scoring;

import org.edtriage.schemas.KafkaConnection;
import org.edtriage.scoring.streams.VisitWindow;

import java.time.Duration;

/**
 * Everything a scoring instance is configured with (the Quarkus shell reads it from {@code triage.scoring.*}).
 *
 * @param shadowModelName model whose releases run in shadow beside the champion; null for none
 * @param modelStore      store to start from when {@code model.releases} holds no release; null for none
 * @param warmUp          run every batch size through a release before it takes traffic (see {@code ModelRegistry})
 * @param standbyReplicas warm copies of each state store on other instances ({@code num.standby.replicas}): with one, an
 *                        instance's visits move to a peer that already holds them instead of replaying the changelog
 */
public record ScoringSettings(KafkaConnection kafka, String applicationId, String stateDir, String modelName, String shadowModelName,
                              String modelStore, boolean allowPlaceholderModels, int maxBatch, Duration maxWait, int workers,
                              int streamThreads, Duration commitInterval, VisitWindow window, boolean warmUp, int standbyReplicas) {

    /** Kafka Streams' application id by default: its group, and the prefix of its internal topics and transactional ids. */
    public static final String DEFAULT_APPLICATION_ID = "triage-scoring";

    /** On a plaintext broker, no standby (one instance). */
    public static ScoringSettings defaults(String bootstrapServers, String stateDir) {
        return new ScoringSettings(KafkaConnection.plaintext(bootstrapServers), DEFAULT_APPLICATION_ID, stateDir, "ami", null, null, false, 32,
                Duration.ofMillis(10), 1, 1, Duration.ofMillis(100), VisitWindow.ED, true, 0);
    }

    public ScoringSettings withApplicationId(String id) {
        return new ScoringSettings(kafka, id, stateDir, modelName, shadowModelName, modelStore, allowPlaceholderModels, maxBatch, maxWait,
                workers, streamThreads, commitInterval, window, warmUp, standbyReplicas);
    }

    public ScoringSettings withStateDir(String dir) {
        return new ScoringSettings(kafka, applicationId, dir, modelName, shadowModelName, modelStore, allowPlaceholderModels, maxBatch, maxWait,
                workers, streamThreads, commitInterval, window, warmUp, standbyReplicas);
    }

    public ScoringSettings withShadow(String name) {
        return new ScoringSettings(kafka, applicationId, stateDir, modelName, name, modelStore, allowPlaceholderModels, maxBatch, maxWait,
                workers, streamThreads, commitInterval, window, warmUp, standbyReplicas);
    }
}
