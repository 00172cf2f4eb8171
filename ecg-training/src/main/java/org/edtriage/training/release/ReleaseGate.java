package org.edtriage.training.release;

import org.edtriage.training.eval.Auc;

import java.util.Locale;

/**
 * Champion/challenger: both models score the same, most recent temporal test (patients either model
 * trained on removed); the challenger is released only if it is not worse. "Not worse" is a
 * non-inferiority rule on the paired bootstrap (both AUCs computed on each resample): the lower bound
 * of the 95 % interval of AUC(challenger) − AUC(champion) must be above −{@code margin}. Pairing
 * cancels the test set's own difficulty, so the interval is much narrower than comparing two separate
 * AUC intervals. With no champion, the challenger's own AUC interval must lie above {@code minimumAuc}.
 */
public record ReleaseGate(double margin, double minimumAuc, int resamples, long seed) {
    /** The defaults, once for the training service's configuration and the command line (annotation values). */
    public static final String DEFAULT_MARGIN = "0.02";
    public static final String DEFAULT_MINIMUM_AUC = "0.6";
    public static final String DEFAULT_RESAMPLES = "1000";

    public ReleaseGate {
        if (resamples < 1) {
            throw new IllegalArgumentException("the release gate needs at least one bootstrap resample, not " + resamples);
        }
        if (!(margin >= 0)) {
            throw new IllegalArgumentException("the non-inferiority margin must be 0 or more, not " + margin);
        }
    }

    /** The gate's verdict, with the figures behind it. */
    public record Decision(boolean release, String reason, double challengerAuc, double championAuc, double difference,
                           double differenceLower, double differenceUpper, int ecgs, int positives) {
    }

    public Decision firstRelease(float[] challenger, boolean[] positive) {
        int positives = count(positive);
        if (positives == 0 || positives == positive.length) {
            return cannotJudge(positives, positive.length);
        }
        Auc.Estimate auc = Auc.withBootstrapCi(challenger, positive, resamples, seed);
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
            return cannotJudge(positives, positive.length);
        }
        Auc.Estimate d = Auc.pairedDifference(challenger, champion, positive, resamples, seed);
        double a = Auc.of(challenger, positive);
        double b = Auc.of(champion, positive);
        boolean release = d.lower() > -margin;
        String reason = String.format(Locale.ROOT,
                "challenger AUC %.3f vs champion %.3f on the same %d ECGs (%d AMI): difference %+.3f (95 %% CI %+.3f to %+.3f); %s",
                a, b, positive.length, positives, d.value(), d.lower(), d.upper(),
                release ? "not worse (lower bound above −" + margin + ")" : "possibly worse (lower bound at or below −" + margin + ")");
        return new Decision(release, reason, a, b, d.value(), d.lower(), d.upper(), positive.length, positives);
    }

    private static Decision cannotJudge(int positives, int ecgs) {
        return new Decision(false, "the comparison set needs AMI and non-AMI visits; it has " + positives + " of " + ecgs,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, ecgs, positives);
    }

    private static int count(boolean[] positive) {
        int c = 0;
        for (boolean b : positive) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
