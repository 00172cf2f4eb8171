package org.edtriage.training.train;

import org.edtriage.ecg.signal.EcgFeatures;
import org.edtriage.training.dataset.PreparedSignals;

/**
 * The targets of measurement pre-training: each source ECG's {@link EcgFeatures}, standardised with the source
 * training set's mean and SD (measurements missing there do not count) and clipped to ±5 SD, so that every
 * measurement weighs alike in the loss and a rare absurd one (a mis-detected beat) cannot dominate it.
 */
final class MeasurementTargets {
    private static final double CLIP = 5;
    private final double[] mean;
    private final double[] sd;

    private MeasurementTargets(double[] mean, double[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    static MeasurementTargets fit(PreparedSignals features, LabelledSet sourceTrain) {
        int k = EcgFeatures.size();
        float[] x = FeatureModelTrainer.features(features, sourceTrain);
        double[] mean = new double[k], squares = new double[k];
        long[] n = new long[k];
        for (int i = 0; i < sourceTrain.size(); i++) {
            for (int j = 0; j < k; j++) {
                float v = x[i * k + j];
                if (!Float.isNaN(v)) {
                    mean[j] += v;
                    squares[j] += (double) v * v;
                    n[j]++;
                }
            }
        }
        double[] sd = new double[k];
        for (int j = 0; j < k; j++) {
            mean[j] = n[j] == 0 ? 0 : mean[j] / n[j];
            sd[j] = n[j] < 2 ? 1 : Math.max(1e-6, Math.sqrt(Math.max(0, squares[j] / n[j] - mean[j] * mean[j])));
        }
        return new MeasurementTargets(mean, sd);
    }

    /** {@code set}'s targets: the standardised measurements, then (with {@code ageSex}) the set's own [age, female]. */
    LabelledSet labelled(PreparedSignals features, LabelledSet set, boolean ageSex) {
        int k = EcgFeatures.size();
        float[] x = FeatureModelTrainer.features(features, set);
        float[][] targets = new float[set.size()][k + (ageSex ? 2 : 0)];
        for (int i = 0; i < set.size(); i++) {
            for (int j = 0; j < k; j++) {
                float v = x[i * k + j];
                targets[i][j] = Float.isNaN(v) ? Float.NaN : (float) Math.max(-CLIP, Math.min(CLIP, (v - mean[j]) / sd[j]));
            }
            if (ageSex) {
                targets[i][k] = set.targets()[i][0];
                targets[i][k + 1] = set.targets()[i][1];
            }
        }
        return new LabelledSet(set.name() + " (measurements)", set.ecgIds(), set.patientIds(), targets);
    }

    /** {@code set}'s targets as they are (the AMI label first), then the standardised measurements: an auxiliary task's targets. */
    LabelledSet besideLabels(PreparedSignals features, LabelledSet set) {
        LabelledSet measured = labelled(features, set, false);
        float[][] targets = new float[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            float[] own = set.targets()[i], m = measured.targets()[i];
            targets[i] = java.util.Arrays.copyOf(own, own.length + m.length);
            System.arraycopy(m, 0, targets[i], own.length, m.length);
        }
        return new LabelledSet(set.name() + " (with measurements)", set.ecgIds(), set.patientIds(), targets);
    }
}
