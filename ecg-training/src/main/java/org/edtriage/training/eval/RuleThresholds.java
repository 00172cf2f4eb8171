package org.edtriage.training.eval;

/**
 * The two alert thresholds of a released model, chosen on validation data: rule-out at the highest
 * threshold that keeps sensitivity ≥ the target (default 99 %: below it, AMI is very unlikely), rule-in
 * at the lowest threshold that keeps specificity ≥ the target (default 95 %).
 */
public final class RuleThresholds {
    private RuleThresholds() {
    }

    /** Thresholds and what they achieve on the data they were chosen on. */
    public record Choice(double ruleOut, double sensitivityAtRuleOut, double ruleIn, double specificityAtRuleIn) {
    }

    public static Choice choose(float[] scores, boolean[] positive, double minSensitivity, double minSpecificity) {
        float[] sorted = scores.clone();
        java.util.Arrays.sort(sorted);
        long positives = 0;
        for (boolean p : positive) {
            if (p) {
                positives++;
            }
        }
        long negatives = positive.length - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("thresholds need both AMI and non-AMI examples");
        }
        double ruleOut = Double.NaN, sensitivity = Double.NaN, ruleIn = Double.NaN, specificity = Double.NaN;
        // candidate thresholds: every distinct score (score ≥ threshold means "positive")
        for (int i = sorted.length - 1; i >= 0; i--) {
            if (i < sorted.length - 1 && sorted[i] == sorted[i + 1]) {
                continue;
            }
            double t = sorted[i];
            double sens = count(scores, positive, t, true) / (double) positives;
            if (sens >= minSensitivity) {
                ruleOut = t;
                sensitivity = sens;
                break;
            }
        }
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                continue;
            }
            double t = sorted[i];
            double spec = 1 - count(scores, positive, t, false) / (double) negatives;
            if (spec >= minSpecificity) {
                ruleIn = t;
                specificity = spec;
                break;
            }
        }
        return new Choice(ruleOut, sensitivity, ruleIn, specificity);
    }

    /** Positives (or negatives) scoring at or above t. */
    private static long count(float[] scores, boolean[] positive, double t, boolean ofPositives) {
        long c = 0;
        for (int i = 0; i < scores.length; i++) {
            if (positive[i] == ofPositives && scores[i] >= t) {
                c++;
            }
        }
        return c;
    }
}
