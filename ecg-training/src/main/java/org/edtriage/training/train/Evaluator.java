package org.edtriage.training.train;

import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.Auc;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.eval.RuleThresholds;
import org.edtriage.training.eval.TestSetResult;

import java.util.LinkedHashMap;
import java.util.Map;

/** Evaluates an AMI network on validation (thresholds) and the test sets. */
public final class Evaluator {
    private Evaluator() {
    }

    public static float[] probabilities(EcgNetwork network, PreparedSignals signals, LabelledSet set) {
        float[][] out = NetworkTrainer.predict(network, signals, set, 32);
        boolean logit = network.head().outputKinds().get(0) == Head.Output.LOGIT;
        float[] p = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            p[i] = logit ? (float) (1 / (1 + Math.exp(-out[i][0]))) : out[i][0];
        }
        return p;
    }

    public static ModelEvaluation evaluate(String model, EcgNetwork network, PreparedSignals signals, LabelledSet validation,
                                           LabelledSet randomTest, LabelledSet temporalTest, ExperimentConfig config) {
        float[] val = probabilities(network, signals, validation);
        boolean[] valLabels = validation.positives(0);
        RuleThresholds.Choice thresholds = RuleThresholds.choose(val, valLabels, config.minSensitivity(), config.minSpecificity());
        Map<String, float[]> probabilities = new LinkedHashMap<>();
        Map<String, boolean[]> labels = new LinkedHashMap<>();
        probabilities.put("validation", val);
        labels.put("validation", valLabels);
        probabilities.put(ModelEvaluation.RANDOM, probabilities(network, signals, randomTest));
        labels.put(ModelEvaluation.RANDOM, randomTest.positives(0));
        probabilities.put(ModelEvaluation.TEMPORAL, probabilities(network, signals, temporalTest));
        labels.put(ModelEvaluation.TEMPORAL, temporalTest.positives(0));
        probabilities.put(ModelEvaluation.COMBINED, concat(probabilities.get(ModelEvaluation.RANDOM), probabilities.get(ModelEvaluation.TEMPORAL)));
        labels.put(ModelEvaluation.COMBINED, concat(labels.get(ModelEvaluation.RANDOM), labels.get(ModelEvaluation.TEMPORAL)));
        Map<String, TestSetResult> tests = new LinkedHashMap<>();
        for (String set : new String[]{ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED}) {
            tests.put(set, TestSetResult.of(set, probabilities.get(set), labels.get(set), thresholds, config.bootstrap(), config.seed()));
        }
        return new ModelEvaluation(model, Auc.of(val, valLabels), thresholds, tests, probabilities, labels);
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static boolean[] concat(boolean[] a, boolean[] b) {
        boolean[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
