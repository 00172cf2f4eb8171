package org.edtriage.training.train;

import java.util.Map;

/** One epoch of a stage, as the per-epoch CSV and the learning-curve plot show it. */
public record EpochRecord(String stage, int epoch, double learningRate, double trainLoss, double validationLoss,
                          Map<String, Double> validationMetrics, double seconds, double samplesPerSecond) {
}
