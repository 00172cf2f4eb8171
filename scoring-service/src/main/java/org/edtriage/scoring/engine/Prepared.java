package org.edtriage.scoring.engine;

import org.edtriage.ecg.Ecg;
import org.edtriage.scoring.model.LiveModel;

import java.util.ArrayList;
import java.util.List;

/** A batch of ECGs prepared to one model's contract; those that cannot be prepared carry the reason instead. */
final class Prepared {
    private final float[][][] inputs;
    private final String[] rejections;
    private final double[] preprocessMs;
    private final long preparedNanos;
    private final int valid;

    private Prepared(float[][][] inputs, String[] rejections, double[] preprocessMs, long preparedNanos, int valid) {
        this.inputs = inputs;
        this.rejections = rejections;
        this.preprocessMs = preprocessMs;
        this.preparedNanos = preparedNanos;
        this.valid = valid;
    }

    static Prepared of(List<Ecg> ecgs, LiveModel model) {
        int n = ecgs.size();
        float[][][] inputs = new float[n][][];
        String[] rejections = new String[n];
        double[] ms = new double[n];
        int valid = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            try {
                float[][] input = model.scorer().contract().prepare(ecgs.get(i));
                checkFinite(input);
                inputs[i] = input;
                valid++;
            } catch (RuntimeException e) {
                rejections[i] = "cannot prepare for " + model.info().name() + " (" + model.info().architecture() + "): "
                        + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Prepared(inputs, rejections, ms, System.nanoTime(), valid);
    }

    /** Scores the valid inputs in one call; NaN where the input was rejected. */
    float[] score(LiveModel model) {
        List<float[][]> batch = new ArrayList<>(valid);
        for (float[][] input : inputs) {
            if (input != null) {
                batch.add(input);
            }
        }
        float[] valid = batch.isEmpty() ? new float[0] : model.scorer().score(batch);
        float[] out = new float[inputs.length];
        for (int i = 0, k = 0; i < inputs.length; i++) {
            out[i] = inputs[i] == null ? Float.NaN : valid[k++];
        }
        return out;
    }

    /** As {@link #score} but a failing model (the shadow) gives null instead of failing the batch. */
    float[] scoreOrNull(LiveModel model) {
        try {
            return score(model);
        } catch (RuntimeException e) {
            org.jboss.logging.Logger.getLogger(Prepared.class).warnf("shadow %s failed on a batch: %s", model.info().name(), e.getMessage());
            return null;
        }
    }

    String rejection(int i) {
        return rejections[i];
    }

    double preprocessMs(int i) {
        return preprocessMs[i];
    }

    long preparedNanos() {
        return preparedNanos;
    }

    int valid() {
        return valid;
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
}
