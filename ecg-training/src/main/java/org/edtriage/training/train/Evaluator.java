package org.edtriage.training.train;

import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.training.dataset.PreparedSignals;
import org.edtriage.training.eval.Auc;
import org.edtriage.training.eval.ModelEvaluation;
import org.edtriage.training.eval.RuleThresholds;
import org.edtriage.training.eval.TestSetResult;

import org.edtriage.model.EcgScorer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Evaluates an AMI model (a network, or any {@link EcgScorer}) on validation (thresholds) and the test sets. */
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

    /** P(AMI) of every ECG of {@code set} by any scorer, its inputs read from the cache of the scorer's contract. */
    public static float[] probabilities(EcgScorer scorer, PreparedSignals signals, LabelledSet set) {
        if (!signals.contract().equals(scorer.contract())) {
            throw new IllegalArgumentException(scorer.modelName() + " takes " + scorer.contract() + ", the signals are " + signals.contract());
        }
        int rows = scorer.contract().rows(), columns = scorer.contract().columns();
        float[] p = new float[set.size()];
        float[] one = new float[rows * columns];
        for (int from = 0; from < set.size(); from += 64) {
            List<float[][]> batch = new ArrayList<>();
            for (int i = from; i < Math.min(set.size(), from + 64); i++) {
                signals.read(set.ecgIds().get(i), one, 0);
                float[][] x = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    x[r] = java.util.Arrays.copyOfRange(one, r * columns, (r + 1) * columns);
                }
                batch.add(x);
            }
            System.arraycopy(scorer.score(batch), 0, p, from, batch.size());
        }
        return p;
    }

    public static ModelEvaluation evaluate(String model, EcgNetwork network, PreparedSignals signals, LabelledSet validation,
                                           LabelledSet randomTest, LabelledSet temporalTest, ExperimentConfig config) {
        return evaluate(model, set -> probabilities(network, signals, set), validation, randomTest, temporalTest, config);
    }

    /** Thresholds chosen on validation; every figure on the random, temporal and combined tests. */
    public static ModelEvaluation evaluate(String model, Function<LabelledSet, float[]> probabilitiesOf, LabelledSet validation,
                                           LabelledSet randomTest, LabelledSet temporalTest, ExperimentConfig config) {
        float[] val = probabilitiesOf.apply(validation);
        boolean[] valLabels = validation.positives(0);
        RuleThresholds.Choice thresholds = RuleThresholds.choose(val, valLabels, config.minSensitivity(), config.minSpecificity());
        Map<String, float[]> probabilities = new LinkedHashMap<>();
        Map<String, boolean[]> labels = new LinkedHashMap<>();
        probabilities.put("validation", val);
        labels.put("validation", valLabels);
        probabilities.put(ModelEvaluation.RANDOM, probabilitiesOf.apply(randomTest));
        labels.put(ModelEvaluation.RANDOM, randomTest.positives(0));
        probabilities.put(ModelEvaluation.TEMPORAL, probabilitiesOf.apply(temporalTest));
        labels.put(ModelEvaluation.TEMPORAL, temporalTest.positives(0));
        probabilities.put(ModelEvaluation.COMBINED, concat(probabilities.get(ModelEvaluation.RANDOM), probabilities.get(ModelEvaluation.TEMPORAL)));
        labels.put(ModelEvaluation.COMBINED, concat(labels.get(ModelEvaluation.RANDOM), labels.get(ModelEvaluation.TEMPORAL)));
        Map<String, TestSetResult> tests = new LinkedHashMap<>();
        for (String set : new String[]{ModelEvaluation.RANDOM, ModelEvaluation.TEMPORAL, ModelEvaluation.COMBINED}) {
            tests.put(set, TestSetResult.of(set, probabilities.get(set), labels.get(set), thresholds, config.bootstrap(), config.seed()));
        }
        return new ModelEvaluation(model, Auc.of(val, valLabels), thresholds, tests, probabilities, labels);
    }

    /**
     * The mean of {@code members}' probabilities (each evaluated on these very sets) judged like any model: its thresholds
     * chosen on the mean's validation probabilities.
     */
    public static ModelEvaluation mean(String model, List<ModelEvaluation> members, LabelledSet validation, LabelledSet randomTest,
                                       LabelledSet temporalTest, ExperimentConfig config) {
        Map<LabelledSet, String> names = new java.util.IdentityHashMap<>();
        names.put(validation, "validation");
        names.put(randomTest, ModelEvaluation.RANDOM);
        names.put(temporalTest, ModelEvaluation.TEMPORAL);
        return evaluate(model, set -> {
            float[] mean = new float[set.size()];
            for (ModelEvaluation m : members) {
                float[] p = m.probabilities().get(names.get(set));
                if (!java.util.Arrays.equals(m.labels().get(names.get(set)), set.positives(0))) {
                    throw new IllegalArgumentException(m.model() + " was not evaluated on these " + names.get(set) + " ECGs");
                }
                for (int i = 0; i < p.length; i++) {
                    mean[i] += p[i] / members.size();
                }
            }
            return mean;
        }, validation, randomTest, temporalTest, config);
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
