package org.edtriage.training.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class EvaluationTest {

    @Test
    void aucIsTheMannWhitneyProbabilityWithTiesCountingHalf() {
        assertEquals(1.0, Auc.of(new float[]{0.1f, 0.2f, 0.8f, 0.9f}, new boolean[]{false, false, true, true}));
        assertEquals(0.0, Auc.of(new float[]{0.9f, 0.8f, 0.2f, 0.1f}, new boolean[]{false, false, true, true}));
        assertEquals(0.5, Auc.of(new float[]{0.5f, 0.5f, 0.5f, 0.5f}, new boolean[]{false, true, false, true}));
        // pairs (pos, neg): (0.4 vs 0.1) win, (0.4 vs 0.4) tie, (0.4 vs 0.6) loss, (0.7 vs all) 3 wins → 4.5 / 6
        assertEquals(0.75, Auc.of(new float[]{0.1f, 0.4f, 0.6f, 0.4f, 0.7f}, new boolean[]{false, false, false, true, true}), 1e-12);
        assertTrue(Double.isNaN(Auc.of(new float[]{0.1f, 0.2f}, new boolean[]{true, true})));
    }

    @Test
    void theBootstrapIntervalHoldsThePointAndNarrowsWithMoreData() {
        Random random = new Random(5);
        Auc.Estimate small = Auc.withBootstrapCi(scores(200, random), labels(200), 1000, 1);
        Auc.Estimate large = Auc.withBootstrapCi(scores(5000, random), labels(5000), 1000, 1);
        assertTrue(small.lower() < small.value() && small.value() < small.upper(), small.toString());
        assertTrue(large.upper() - large.lower() < small.upper() - small.lower(), small + " vs " + large);
        // two Gaussians one SD apart: AUC = Φ(1/√2) ≈ 0.760
        assertEquals(0.760, large.value(), 0.03);
        assertTrue(large.lower() < 0.770 && 0.750 < large.upper(), "the interval reaches the true AUC: " + large);
        assertTrue(large.upper() - large.lower() < 0.06, "5,000 ECGs pin the AUC down: " + large);
        assertEquals(1000, small.resamples());
    }

    @Test
    void ruleOutKeepsNinetyNinePercentSensitivityAndRuleInNinetyFivePercentSpecificity() {
        Random random = new Random(9);
        float[] s = scores(4000, random);
        boolean[] labels = labels(4000);
        RuleThresholds.Choice c = RuleThresholds.choose(s, labels, 0.99, 0.95);
        assertTrue(c.sensitivityAtRuleOut() >= 0.99, c.toString());
        assertTrue(c.specificityAtRuleIn() >= 0.95, c.toString());
        assertTrue(c.ruleOut() < c.ruleIn(), c.toString());
        // the next distinct higher rule-out threshold would fall below 99 % sensitivity
        long positives = 0, caught = 0;
        double next = Double.MAX_VALUE;
        for (float v : s) {
            if (v > c.ruleOut() && v < next) {
                next = v;
            }
        }
        for (int i = 0; i < s.length; i++) {
            if (labels[i]) {
                positives++;
                if (s[i] >= next) {
                    caught++;
                }
            }
        }
        assertTrue(caught / (double) positives < 0.99, "the rule-out threshold is the highest that keeps 99 %");
    }

    /** Every tenth ECG is an AMI. */
    private static boolean[] labels(int n) {
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i += 10) {
            labels[i] = true;
        }
        return labels;
    }

    /** Scores for {@link #labels(int)}: negatives ~ N(0, 1), positives ~ N(1, 1). */
    private static float[] scores(int n, Random random) {
        boolean[] labels = labels(n);
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (random.nextGaussian() + (labels[i] ? 1 : 0));
        }
        return s;
    }
}
