package org.edtriage.training.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * The ROC curve on a fixed grid of false-positive rates, with a pointwise percentile bootstrap band
 * (the same resampling as the AUC's interval), for plots.
 */
public record Roc(double[] falsePositiveRate, double[] truePositiveRate, double[] lower, double[] upper) {
    static final int GRID = 101;

    public static Roc withBand(float[] scores, boolean[] positive, int resamples, long seed) {
        double[] grid = new double[GRID];
        for (int i = 0; i < GRID; i++) {
            grid[i] = i / (double) (GRID - 1);
        }
        double[] tpr = tprAt(grid, scores, positive);
        double[][] boot = new double[GRID][resamples];
        Random random = new Random(seed);
        int n = scores.length;
        float[] s = new float[n];
        boolean[] p = new boolean[n];
        for (int b = 0; b < resamples; b++) {
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                s[i] = scores[j];
                p[i] = positive[j];
            }
            double[] t = tprAt(grid, s, p);
            for (int g = 0; g < GRID; g++) {
                boot[g][b] = t[g];
            }
        }
        double[] lower = new double[GRID];
        double[] upper = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            Arrays.sort(boot[g]);
            lower[g] = boot[g][(int) Math.floor(0.025 * (resamples - 1))];
            upper[g] = boot[g][(int) Math.ceil(0.975 * (resamples - 1))];
        }
        return new Roc(grid, tpr, lower, upper);
    }

    /** Highest sensitivity reachable at each false-positive rate (step ROC, thresholds at every score). */
    static double[] tprAt(double[] grid, float[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        long positives = 0;
        for (boolean b : positive) {
            positives += b ? 1 : 0;
        }
        long negatives = scores.length - positives;
        double[] out = new double[grid.length];
        if (positives == 0 || negatives == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        long tp = 0, fp = 0;
        int g = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            boolean groupEnds = k == order.length - 1 || scores[order[k + 1]] != scores[i];
            if (groupEnds) {
                double fpr = fp / (double) negatives;
                double tpr = tp / (double) positives;
                while (g < grid.length && grid[g] < fpr) {
                    g++;
                }
                // every grid point at or beyond this FPR can reach at least this TPR
                for (int j = g; j < grid.length; j++) {
                    out[j] = Math.max(out[j], tpr);
                }
            }
        }
        return out;
    }
}
