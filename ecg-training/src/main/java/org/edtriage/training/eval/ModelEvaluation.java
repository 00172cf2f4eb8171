package org.edtriage.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model judged the paper's way: thresholds chosen on validation, then AUC (bootstrap CI),
 * calibration and threshold performance on the random test, the temporal test and their
 * concatenation. {@code probabilities} keeps each set's predictions for plots and paired comparisons.
 */
public record ModelEvaluation(String model, double validationAuc, RuleThresholds.Choice thresholds, Map<String, TestSetResult> tests,
                              Map<String, float[]> probabilities, Map<String, boolean[]> labels) {

    public static final String RANDOM = "randomTest";
    public static final String TEMPORAL = "temporalTest";
    public static final String COMBINED = "combinedTest";

    /** Flat figures for manifests and release records: {@code auc.temporalTest}, {@code auc.temporalTest.lower}, … */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("auc.validation", validationAuc);
        tests.forEach((set, r) -> {
            m.put("auc." + set, r.auc().value());
            m.put("auc." + set + ".lower", r.auc().lower());
            m.put("auc." + set + ".upper", r.auc().upper());
            m.put("brier." + set, r.calibration().brier());
            m.put("ece." + set, r.calibration().expectedCalibrationError());
            m.put("sensitivityAtRuleOut." + set, r.sensitivityAtRuleOut());
            m.put("specificityAtRuleIn." + set, r.specificityAtRuleIn());
        });
        return m;
    }

    /**
     * AUC(this) − AUC(other) on one test set with its paired bootstrap interval (both models scored the same ECGs,
     * resampled together); NaN where the set holds one class only.
     */
    public Auc.Estimate gainOver(ModelEvaluation other, String set, int resamples, long seed) {
        return Auc.pairedDifferenceOrUndefined(probabilities.get(set), other.probabilities().get(set), labels.get(set), resamples, seed);
    }
}
