package org.edtriage.training.eval;

/**
 * One model on one test set: AUC with its bootstrap interval, calibration, and what the thresholds
 * chosen on validation achieve here.
 */
public record TestSetResult(String set, int ecgs, int positives, Auc.Estimate auc, Calibration calibration,
                            double sensitivityAtRuleOut, double npvAtRuleOut, double ruleOutShare,
                            double specificityAtRuleIn, double ppvAtRuleIn, double ruleInShare) {

    public static TestSetResult of(String set, float[] probabilities, boolean[] positive, RuleThresholds.Choice thresholds,
                                   int resamples, long seed) {
        int n = probabilities.length;
        int pos = 0;
        for (boolean b : positive) {
            pos += b ? 1 : 0;
        }
        Auc.Estimate auc = pos == 0 || pos == n ? new Auc.Estimate(Double.NaN, Double.NaN, Double.NaN, 0)
                : Auc.withBootstrapCi(probabilities, positive, resamples, seed);
        long tpOut = 0, tnOut = 0, belowOut = 0, tnIn = 0, tpIn = 0, aboveIn = 0;
        for (int i = 0; i < n; i++) {
            boolean ruledOut = probabilities[i] < thresholds.ruleOut();
            boolean ruledIn = probabilities[i] >= thresholds.ruleIn();
            if (ruledOut) {
                belowOut++;
                tnOut += positive[i] ? 0 : 1;
            } else if (positive[i]) {
                tpOut++;
            }
            if (ruledIn) {
                aboveIn++;
                tpIn += positive[i] ? 1 : 0;
            } else if (!positive[i]) {
                tnIn++;
            }
        }
        int neg = n - pos;
        return new TestSetResult(set, n, pos, auc, Calibration.of(probabilities, positive, 10),
                pos == 0 ? Double.NaN : tpOut / (double) pos, belowOut == 0 ? Double.NaN : tnOut / (double) belowOut, belowOut / (double) Math.max(1, n),
                neg == 0 ? Double.NaN : tnIn / (double) neg, aboveIn == 0 ? Double.NaN : tpIn / (double) aboveIn, aboveIn / (double) Math.max(1, n));
    }
}
