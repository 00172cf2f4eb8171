package org.edtriage.training.release;

import org.edtriage.training.eval.Auc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Champion/challenger: both models score the same, most recent temporal test (patients either model
 * trained on removed); the challenger is released only if it is not worse. "Not worse" is a
 * non-inferiority rule on the paired bootstrap (both AUCs computed on each resample): the lower bound
 * of the 95 % interval of AUC(challenger) − AUC(champion) must be above −{@code margin}. Pairing
 * cancels the test set's own difficulty, so the interval is much narrower than comparing two separate
 * AUC intervals. With no champion, the challenger's own AUC interval must lie above {@code minimumAuc}.
 */
public record ReleaseGate(double margin, double minimumAuc, int resamples, long seed) {

    public static ReleaseGate defaults(long seed) {
        return new ReleaseGate(0.02, 0.6, 1000, seed);
    }

    /** The gate's verdict, with the figures behind it. */
    public record Decision(boolean release, String reason, double challengerAuc, double championAuc, double difference,
                           double differenceLower, double differenceUpper, int ecgs, int positives) {
    }

    public Decision firstRelease(float[] challenger, boolean[] positive) {
        Auc.Estimate auc = Auc.withBootstrapCi(challenger, positive, resamples, seed);
        int positives = count(positive);
        boolean release = auc.lower() > minimumAuc;
        String reason = String.format(Locale.ROOT, "no champion: challenger AUC %.3f (95 %% CI %.3f–%.3f) on %d ECGs (%d AMI); %s",
                auc.value(), auc.lower(), auc.upper(), positive.length, positives,
                release ? "lower bound above " + minimumAuc : "lower bound not above the minimum " + minimumAuc);
        return new Decision(release, reason, auc.value(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, positive.length, positives);
    }

    public Decision compare(float[] challenger, float[] champion, boolean[] positive) {
        if (challenger.length != champion.length || challenger.length != positive.length) {
            throw new IllegalArgumentException("both models must score the same ECGs");
        }
        int positives = count(positive);
        if (positives == 0 || positives == positive.length) {
            return new Decision(false, "the comparison set needs AMI and non-AMI visits; it has " + positives + " of " + positive.length,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, positive.length, positives);
        }
        double a = Auc.of(challenger, positive);
        double b = Auc.of(champion, positive);
        double[] differences = new double[resamples];
        Random random = new Random(seed);
        int n = positive.length;
        float[] x = new float[n];
        float[] y = new float[n];
        boolean[] p = new boolean[n];
        int used = 0;
        for (int r = 0; r < resamples; r++) {
            int pos = 0;
            for (int i = 0; i < n; i++) {
                int j = random.nextInt(n);
                x[i] = challenger[j];
                y[i] = champion[j];
                p[i] = positive[j];
                pos += p[i] ? 1 : 0;
            }
            if (pos == 0 || pos == n) {
                continue;
            }
            differences[used++] = Auc.of(x, p) - Auc.of(y, p);
        }
        double[] d = Arrays.copyOf(differences, used);
        Arrays.sort(d);
        double lower = d[(int) Math.floor(0.025 * (used - 1))];
        double upper = d[(int) Math.ceil(0.975 * (used - 1))];
        boolean release = lower > -margin;
        String reason = String.format(Locale.ROOT,
                "challenger AUC %.3f vs champion %.3f on the same %d ECGs (%d AMI): difference %+.3f (95 %% CI %+.3f to %+.3f); %s",
                a, b, n, positives, a - b, lower, upper,
                release ? "not worse (lower bound above −" + margin + ")" : "possibly worse (lower bound at or below −" + margin + ")");
        return new Decision(release, reason, a, b, a - b, lower, upper, n, positives);
    }

    private static int count(boolean[] positive) {
        int c = 0;
        for (boolean b : positive) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
