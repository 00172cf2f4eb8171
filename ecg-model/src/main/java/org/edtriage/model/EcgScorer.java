package org.edtriage.model;

import org.edtriage.ecg.signal.InputContract;

import java.util.List;

/**
 * Turns prepared ECGs into AMI probabilities, a batch at a time. Whether an implementation is
 * thread-safe it says itself: {@link NetworkScorer} is (a pool of DJL Predictors). Gathering single ECGs
 * from many threads into batches is the caller's ({@link Batches#gather}, as the scoring service's engine does).
 */
public interface EcgScorer extends AutoCloseable {

    /** What {@link #score(List)} expects each input to be prepared to. */
    InputContract contract();

    String modelName();

    /** The architecture: a zoo network's name, {@code FeatureModel.ARCHITECTURE}, or {@code Checkpoint.ENSEMBLE}. */
    String architecture();

    String modelVersion();

    /** True for a network that was never trained: its outputs carry no clinical meaning. */
    boolean placeholder();

    /** One probability per input, in order; each input is {@code [rows][columns]} as the contract says. */
    float[] score(List<float[][]> inputs);

    /** One input; {@code List.of(input)} would spread a {@code float[][]} into its leads. */
    default float scoreOne(float[][] input) {
        return score(java.util.Collections.singletonList(input))[0];
    }

    /**
     * One score of a flat ECG (zeros) must be a probability: the smoke test a new model passes before it replaces a
     * running one.
     */
    default void smokeTest() {
        float p = scoreOne(new float[contract().rows()][contract().columns()]);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalStateException(modelName() + " gives " + p + " on a flat ECG: not a probability");
        }
    }

    /** What a warm-up did: how many batches it ran and how long its first and its last round took. */
    record WarmUp(int batches, long firstRoundNanos, long lastRoundNanos, long totalNanos) {
    }

    /**
     * Runs the model on the batch sizes a caller gathering up to {@code maxBatch} ECGs will meet, before it takes
     * traffic, so the first patients do not pay first-call costs. Nothing to do by default.
     */
    default WarmUp warmUp(int maxBatch, int rounds) {
        return new WarmUp(0, 0, 0, 0);
    }

    @Override
    void close();
}
