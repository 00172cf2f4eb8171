package org.edtriage.training.eval;

import java.util.Arrays;
import java.util.Random;

/**
 * ROC AUC as the Mann–Whitney probability that a positive outscores a negative (ties count half), and its
 * percentile bootstrap confidence interval — resampling ECGs with replacement, B times, as the papers
 * report their "(lower – upper)" figures.
 */
public final class Auc {
    private Auc() {
    }

    /** An estimate with its confidence interval. */
    public record Estimate(double value, double lower, double upper, int resamples) {
    }

    public static double of(float[] scores, boolean[] positive) {
        int n = scores.length;
        if (positive.length != n) {
            throw new IllegalArgumentException(n + " scores but " + positive.length + " labels");
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double rankSumPositive = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1; // ties share the mean rank
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSumPositive += midRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN; // undefined with one class only
        }
        return (rankSumPositive - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    /**
     * Percentile bootstrap, 95 %: resamples without both classes are drawn again.
     *
     * @throws IllegalArgumentException for fewer than one resample, or labels of one class only (no AUC exists,
     *                                  and no resample could ever hold both classes)
     */
    public static Estimate withBootstrapCi(float[] scores, boolean[] positive, int resamples, long seed) {
        requireBothClasses(positive, resamples);
        double point = of(scores, positive);
        Random random = new Random(seed);
        int n = scores.length;
        double[] aucs = new double[resamples];
        float[] s = new float[n];
        boolean[] y = new boolean[n];
        for (int b = 0; b < resamples; b++) {
            double auc;
            do {
                for (int i = 0; i < n; i++) {
                    int pick = random.nextInt(n);
                    s[i] = scores[pick];
                    y[i] = positive[pick];
                }
                auc = of(s, y);
            } while (Double.isNaN(auc));
            aucs[b] = auc;
        }
        Arrays.sort(aucs);
        return new Estimate(point, percentile(aucs, 0.025), percentile(aucs, 0.975), resamples);
    }

    /**
     * AUC(a) − AUC(b) on the same ECGs with its paired percentile-bootstrap 95 % interval: every resample draws
     * ECGs once and scores both models on them, so the test set's own difficulty cancels and the interval is
     * far narrower than two separate AUC intervals. Resamples without both classes are drawn again.
     *
     * @throws IllegalArgumentException for different lengths, fewer than one resample, or one class only
     */
    public static Estimate pairedDifference(float[] a, float[] b, boolean[] positive, int resamples, long seed) {
        if (a.length != positive.length || b.length != positive.length) {
            throw new IllegalArgumentException("both models must score the same ECGs: " + a.length + ", " + b.length + " scores, "
                    + positive.length + " labels");
        }
        requireBothClasses(positive, resamples);
        Random random = new Random(seed);
        int n = positive.length;
        double[] differences = new double[resamples];
        float[] x = new float[n];
        float[] y = new float[n];
        boolean[] p = new boolean[n];
        for (int r = 0; r < resamples; r++) {
            int pos;
            do {
                pos = 0;
                for (int i = 0; i < n; i++) {
                    int j = random.nextInt(n);
                    x[i] = a[j];
                    y[i] = b[j];
                    p[i] = positive[j];
                    pos += p[i] ? 1 : 0;
                }
            } while (pos == 0 || pos == n);
            differences[r] = of(x, p) - of(y, p);
        }
        Arrays.sort(differences);
        return new Estimate(of(a, positive) - of(b, positive), percentile(differences, 0.025), percentile(differences, 0.975), resamples);
    }

    /** As {@link #pairedDifference}, but NaN (value and bounds) where no AUC exists: reports of tiny or one-class test sets. */
    public static Estimate pairedDifferenceOrUndefined(float[] a, float[] b, boolean[] positive, int resamples, long seed) {
        int positives = 0;
        for (boolean y : positive) {
            positives += y ? 1 : 0;
        }
        return positives == 0 || positives == positive.length ? new Estimate(Double.NaN, Double.NaN, Double.NaN, 0)
                : pairedDifference(a, b, positive, resamples, seed);
    }

    private static void requireBothClasses(boolean[] positive, int resamples) {
        if (resamples < 1) {
            throw new IllegalArgumentException("a bootstrap needs at least one resample, not " + resamples);
        }
        int positives = 0;
        for (boolean y : positive) {
            positives += y ? 1 : 0;
        }
        if (positives == 0 || positives == positive.length) {
            throw new IllegalArgumentException("an AUC needs positives and negatives; " + positives + " of " + positive.length + " are positive");
        }
    }

    private static double percentile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
