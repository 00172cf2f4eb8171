package org.edtriage.training.train;

import org.edtriage.training.dataset.DatasetStore;
import org.edtriage.training.eval.ModelEvaluation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated ECGs show, scored like a model: each ECG's injury current, the size of its infarct's ST shift
 * (|mV|; 0 for an ECG-silent infarct and for every ECG without one), from the simulator's truth kept at import. Ranking
 * the test ECGs by it puts every infarct the ECG shows above every other ECG and ties the rest — an ECG-silent infarct,
 * or an AMI visit's ECG recorded before the infarct shows (the paper's rule picks a visit's ECG by time) — with the ECGs
 * without AMI:
 * the AUC of a reader who sees every injury current without error and nothing else — about the most the ECG alone
 * allows on a simulated cohort, and the yardstick for how much of it a model takes. Not a strict bound either way: the
 * ECG's mimics (an old infarct, early repolarisation, LVH) and its noise make the reading harder, while age and sex,
 * which the ECG partly shows, could lift the silent infarcts a little above chance.
 */
public final class SimulatorTruth {
    /** Its name in reports and its column in {@code predictions.csv}. */
    public static final String NAME = "simulator-truth";

    private SimulatorTruth() {
    }

    /**
     * The truth's evaluation on {@code data}'s validation and test ECGs, or empty unless the store holds the truth of every
     * one of them (recorded data has none; a simulated store imported before the truth was kept gets it by re-running its
     * import).
     */
    public static Optional<ModelEvaluation> evaluate(DatasetStore store, ExperimentData data, ExperimentConfig config) {
        Map<String, Double> stMv = store.simulatedStMv();
        for (LabelledSet set : List.of(data.validation(), data.randomTest(), data.temporalTest())) {
            if (!stMv.keySet().containsAll(set.ecgIds())) {
                return Optional.empty();
            }
        }
        return Optional.of(Evaluator.evaluate(NAME, set -> injury(set, stMv), data.validation(), data.randomTest(), data.temporalTest(), config));
    }

    /** |ST shift| of the infarct each ECG shows (0 for none). */
    static float[] injury(LabelledSet set, Map<String, Double> stMv) {
        float[] out = new float[set.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) Math.abs(stMv.get(set.ecgIds().get(i)));
        }
        return out;
    }
}
