package org.edtriage.training.train;

import java.util.List;

/**
 * What a stage did: every epoch, the best one (whose parameters the network now holds; {@code NetworkTrainer.AVERAGED}
 * for the average of the last epochs'), time spent; whether patience ended it ({@code stoppedEarly}) or the wall-clock
 * budget did ({@code budgetExhausted}: a model cut short, not converged).
 */
public record StageResult(StagePlan plan, List<EpochRecord> epochs, int bestEpoch, double bestValue, String selection,
                          double seconds, double samplesPerSecond, boolean stoppedEarly, boolean budgetExhausted) {
}
