package org.edtriage.scoring.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.edtriage.schemas.events.AlertLevel;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scoring stream's meters (Micrometer; Prometheus at /q/metrics in the service). ECG outcomes are counted
 * by what happened to each one, so that every ECG read is accounted for: scored, rejected, not in the
 * chest-pain cohort, a duplicate, or expired without a visit; failed tries of scoring are counted by cause.
 */
public final class ScoringMetrics {
    /** FAILED: scoring itself failed on every try (not "no model yet"); the ECG went to the dead-letter topic. */
    public enum EcgOutcome { SCORED, REJECTED, FAILED, NOT_CHEST_PAIN, DUPLICATE, NO_VISIT }

    private final MeterRegistry registry;
    private final Map<EcgOutcome, Counter> outcomes = new EnumMap<>(EcgOutcome.class);
    private final Map<String, Counter> alerts = new ConcurrentHashMap<>();
    private final Map<String, Counter> failedTries = new ConcurrentHashMap<>();
    private final Timer acquisitionToScore;
    private final Timer ingestToScore;
    private final DistributionSummary batchSize;

    public ScoringMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (EcgOutcome o : EcgOutcome.values()) {
            outcomes.put(o, Counter.builder("triage.scoring.ecgs").tag("outcome", o.name().toLowerCase()).register(registry));
        }
        acquisitionToScore = Timer.builder("triage.scoring.latency.acquisition.to.score")
                .description("ECG acquisition (device clock) to score emitted")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.9, 0.99)
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofHours(6)).register(registry);
        ingestToScore = Timer.builder("triage.scoring.latency.ingest.to.score")
                .description("ingest accepted the ECG to score emitted")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.9, 0.99)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10)).register(registry);
        batchSize = DistributionSummary.builder("triage.scoring.batch.size").description("ECGs per model call")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void ecg(EcgOutcome outcome) {
        outcomes.get(outcome).increment();
    }

    public double count(EcgOutcome outcome) {
        return outcomes.get(outcome).count();
    }

    void alert(AlertLevel level, boolean escalation) {
        alerts.computeIfAbsent(level + "/" + escalation, k -> Counter.builder("triage.scoring.alerts")
                .tag("level", level.name().toLowerCase()).tag("escalation", Boolean.toString(escalation)).register(registry)).increment();
    }

    void scored(long acquiredMillis, long ingestedMillis, long nowMillis) {
        acquisitionToScore.record(Duration.ofMillis(Math.max(0, nowMillis - acquiredMillis)));
        ingestToScore.record(Duration.ofMillis(Math.max(0, nowMillis - ingestedMillis)));
    }

    /** One failed try of scoring an ECG; {@code cause} is {@code no_model} (it waits) or {@code error} (it is tried a bounded number of times). */
    void failedTry(String cause) {
        failedTries.computeIfAbsent(cause, c -> Counter.builder("triage.scoring.failed.tries").tag("cause", c)
                .description("tries of scoring an ECG that failed").register(registry)).increment();
    }

    public void batch(int size) {
        batchSize.record(size);
    }
}
