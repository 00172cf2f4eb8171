package org.edtriage.training.train;

import org.edtriage.ecg.signal.EcgFeatures;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.training.dataset.PreparedSignals;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets of distillation pre-training ({@link Objective.Teacher}): the feature model, trained on the labelled
 * target visits exactly as the floor is ({@link FeatureModelTrainer#defaults}, rounds chosen on validation), scores
 * every source ECG; its logit, standardised with the source training set's mean and SD, is what the body learns.
 */
final class TeacherTargets implements AutoCloseable {
    /** Probabilities are clipped before the logit, so that a tree's certainty of 0 or 1 stays a finite target. */
    private static final double EPSILON = 1e-6;
    private final FeatureModel teacher;
    private final double mean;
    private final double sd;

    private TeacherTargets(FeatureModel teacher, double mean, double sd) {
        this.teacher = teacher;
        this.mean = mean;
        this.sd = sd;
    }

    static TeacherTargets fit(PreparedSignals features, ExperimentData data, long seed) {
        FeatureModel teacher = FeatureModelTrainer.defaults(seed).train(features, data.train(), data.validation());
        double[] logits = logits(teacher, features, data.sourceTrain());
        double sum = 0, squares = 0;
        for (double l : logits) {
            sum += l;
            squares += l * l;
        }
        int n = Math.max(1, logits.length);
        double mean = sum / n;
        double sd = Math.max(1e-6, Math.sqrt(Math.max(0, squares / n - mean * mean)));
        return new TeacherTargets(teacher, mean, sd);
    }

    /** {@code set} with targets [the teacher's standardised logit]. */
    LabelledSet labelled(PreparedSignals features, LabelledSet set) {
        double[] logits = logits(teacher, features, set);
        float[][] targets = new float[set.size()][];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = new float[]{(float) ((logits[i] - mean) / sd)};
        }
        return new LabelledSet(set.name() + " (teacher)", set.ecgIds(), set.patientIds(), targets);
    }

    private static double[] logits(FeatureModel teacher, PreparedSignals features, LabelledSet set) {
        float[] x = FeatureModelTrainer.features(features, set);
        int k = EcgFeatures.size();
        List<float[]> rows = new ArrayList<>(set.size());
        for (int i = 0; i < set.size(); i++) {
            rows.add(java.util.Arrays.copyOfRange(x, i * k, (i + 1) * k));
        }
        float[] p = teacher.predict(rows);
        double[] logits = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            double q = Math.min(1 - EPSILON, Math.max(EPSILON, p[i]));
            logits[i] = Math.log(q / (1 - q));
        }
        return logits;
    }

    @Override
    public void close() {
        teacher.close();
    }
}
