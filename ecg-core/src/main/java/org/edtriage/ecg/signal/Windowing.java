package org.edtriage.ecg.signal;

import java.util.random.RandomGenerator;

/**
 * Crop-and-average, as RN-900k does it (Strodthoff et al.; Nyström et al. count it as part of the model):
 * training sees one random window of {@link #windowSamples()} per ECG, inference averages the predictions
 * of {@link #inferenceWindows()} equidistant, overlapping windows covering the whole input. The offsets are
 * defined here, beside the rest of the input contract, so training and scoring cannot disagree on them.
 */
public record Windowing(int windowSamples, int inferenceWindows) {

    public Windowing {
        if (windowSamples <= 0 || inferenceWindows <= 0) {
            throw new IllegalArgumentException("window length and count must be positive");
        }
    }

    /** Start offsets of the inference windows: first at 0, last ending at the input's end, evenly spaced. */
    public int[] inferenceOffsets(int inputSamples) {
        int span = inputSamples - windowSamples;
        if (span < 0) {
            throw new IllegalArgumentException("input of " + inputSamples + " samples is shorter than the window");
        }
        int[] offsets = new int[inferenceWindows];
        for (int i = 0; i < inferenceWindows; i++) {
            offsets[i] = inferenceWindows == 1 ? span / 2 : (int) Math.round((double) span * i / (inferenceWindows - 1));
        }
        return offsets;
    }

    /** A uniformly random start offset for a training crop. */
    public int randomOffset(int inputSamples, RandomGenerator random) {
        return random.nextInt(inputSamples - windowSamples + 1);
    }
}
