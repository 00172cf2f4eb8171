package org.edtriage.training.train;

import java.util.List;

/** What a stage did: every epoch, the best one (whose parameters the network now holds), time spent. */
public record StageResult(StagePlan plan, List<EpochRecord> epochs, int bestEpoch, double bestValue, String selection,
                          double seconds, double samplesPerSecond, boolean stoppedEarly) {
}
