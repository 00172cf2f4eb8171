package org.edtriage.scoring.dashboard;

import org.edtriage.schemas.events.EcgScore;

import java.time.Instant;

/** One score in a visit's history. */
public record ScoreRow(String ecgId, double probability, double ruleOut, double ruleIn, String modelName, String modelVersion,
                       boolean placeholderModel, Instant acquiredAt, Instant ingestedAt, Instant scoredAt,
                       double queueMs, double preprocessMs, double inferenceMs, int batchSize) {

    static ScoreRow of(EcgScore s) {
        return new ScoreRow(s.getEcgId(), s.getProbability(), s.getThresholds().getRuleOut(), s.getThresholds().getRuleIn(), s.getModelName(),
                s.getModelVersion(), s.getPlaceholderModel(), s.getAcquiredAt(), s.getIngestedAt(), s.getScoredAt(),
                s.getLatency().getQueueMs(), s.getLatency().getPreprocessMs(), s.getLatency().getInferenceMs(), s.getLatency().getBatchSize());
    }
}
