package org.edtriage.model;

import org.edtriage.ecg.signal.InputContract;

import java.util.List;

/**
 * Turns prepared ECGs into AMI probabilities, a batch at a time. Whether an implementation is
 * thread-safe it says itself: {@link NetworkScorer} is (a pool of DJL Predictors), {@link PlaceholderModel}
 * is not (one Predictor); {@link MicroBatcher} gathers single ECGs from many threads into batches.
 */
public interface EcgScorer extends AutoCloseable {

    /** What {@link #score(List)} expects each input to be prepared to. */
    InputContract contract();

    String modelName();

    String modelVersion();

    /** True for a network that was never trained: its outputs carry no clinical meaning. */
    boolean placeholder();

    /** One probability per input, in order; each input is {@code [leads][samples]} as the contract says. */
    float[] score(List<float[][]> inputs);

    /** One input; {@code List.of(input)} would spread a {@code float[][]} into its leads. */
    default float scoreOne(float[][] input) {
        return score(java.util.Collections.singletonList(input))[0];
    }

    @Override
    void close();
}
