package org.edtriage.scoring.streams;

import org.edtriage.ecg.Ecg;
import org.edtriage.model.EcgScorer;
import org.edtriage.schemas.Topic;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.EcgScore;
import org.edtriage.schemas.events.RejectedMessage;
import org.edtriage.schemas.events.ScoreLatency;
import org.edtriage.schemas.mapping.EcgEvents;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Scores one raw ecg.recorded record: decode, prepare to the model's contract, infer. Anything that
 * fails on the way becomes a {@link RejectedMessage} with the reason and the raw bytes, so a poison
 * record never stops the stream and is never silently dropped.
 */
public final class EcgScoring {
    private final Topic<String, EcgRecorded> source;
    private final EcgScorer scorer;
    private final AlertPolicy policy;
    private final Clock clock;

    public EcgScoring(Topic<String, EcgRecorded> source, EcgScorer scorer, AlertPolicy policy, Clock clock) {
        this.source = source;
        this.scorer = scorer;
        this.policy = policy;
        this.clock = clock;
    }

    /** Exactly one of score / rejected is set. */
    public record Outcome(EcgScore score, RejectedMessage rejected) {
    }

    public Outcome score(String key, byte[] raw) {
        long picked = System.nanoTime();
        Instant pickedAt = clock.instant();
        EcgRecorded event;
        Ecg ecg;
        float[][] input;
        try {
            event = source.deserializeValue(raw);
            if (event == null) {
                return new Outcome(null, reject(key, raw, "tombstone (null value) on " + source.name()));
            }
            ecg = EcgEvents.toEcg(event);
            input = scorer.contract().prepare(ecg);
            checkFinite(input);
        } catch (RuntimeException e) {
            return new Outcome(null, reject(key, raw, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        long prepared = System.nanoTime();
        float probability;
        synchronized (scorer) { // one predictor; the walking skeleton runs one stream thread
            probability = scorer.scoreOne(input);
        }
        long inferred = System.nanoTime();
        ScoreLatency latency = ScoreLatency.newBuilder()
                .setQueueMs(Math.max(0, pickedAt.toEpochMilli() - event.getIngestedAt().toEpochMilli()))
                .setPreprocessMs((prepared - picked) / 1e6)
                .setInferenceMs((inferred - prepared) / 1e6)
                .build();
        EcgScore score = EcgScore.newBuilder()
                .setEcgId(event.getEcgId()).setPatientId(event.getPatientId()).setVisitId(event.getVisitId())
                .setModelName(scorer.modelName()).setModelVersion(scorer.modelVersion())
                .setPlaceholderModel(scorer.placeholder())
                .setProbability(probability).setThresholds(policy.thresholds())
                .setAcquiredAt(event.getAcquiredAt()).setIngestedAt(event.getIngestedAt())
                .setScoredAt(clock.instant()).setLatency(latency)
                .build();
        return new Outcome(score, null);
    }

    private static void checkFinite(float[][] input) {
        for (float[] lead : input) {
            for (float v : lead) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("impossible signal: non-finite sample after preprocessing");
                }
            }
        }
    }

    private RejectedMessage reject(String key, byte[] raw, String reason) {
        return RejectedMessage.newBuilder()
                .setSourceId(key == null ? "unknown" : key)
                .setSource("scoring:" + source.name())
                .setReason(reason)
                .setRaw(ByteBuffer.wrap(raw == null ? new byte[0] : raw))
                .setContentType("application/vnd.confluent.avro")
                .setRejectedAt(clock.instant())
                .build();
    }
}
