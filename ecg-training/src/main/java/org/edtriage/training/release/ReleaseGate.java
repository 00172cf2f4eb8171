package org.edtriage.training.release;

import org.edtriage.training.eval.Auc;

import java.util.Locale;

/**
 * Champion/challenger: both models score the same, most recent temporal test (patients either model
 * trained on removed); the challenger is released only if it is not worse. "Not worse" is a
 * non-inferiority rule on the paired bootstrap (both AUCs computed on each resample): the lower bound
 * of the 95 % interval of AUC(challenger) − AUC(reference) must be above −{@code margin}. Pairing
 * cancels the test set's own difficulty, so the interval is much narrower than comparing two separate
 * AUC intervals. The reference is the champion; with no champion it is the floor — the feature model
 * trained on the same visits — so a first release must be as good as gradient-boosted trees on the
 * ECG's own measurements, not merely better than a fixed AUC.
 */
public record ReleaseGate(double margin, int resamples, long seed) {
    /** The defaults, once for the training service's configuration and the command line (annotation values). */
    public static final String DEFAULT_MARGIN = "0.02";
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

    /**
     * @param reference the champion's scores, or the floor's when there is no champion
     * @param against   what the reference is, for the reason: "champion ami@3", "the feature model (no champion yet)"
     */
    public Decision compare(float[] challenger, float[] reference, boolean[] positive, String against) {
        if (challenger.length != reference.length || challenger.length != positive.length) {
            throw new IllegalArgumentException("both models must score the same ECGs");
        }
        int positives = count(positive);
        if (positives == 0 || positives == positive.length) {
            return new Decision(false, "the comparison set needs AMI and non-AMI visits; it has " + positives + " of " + positive.length,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, positive.length, positives);
        }
        Auc.Estimate d = Auc.pairedDifference(challenger, reference, positive, resamples, seed);
        double a = Auc.of(challenger, positive);
        double b = Auc.of(reference, positive);
        boolean release = d.lower() > -margin;
        String reason = String.format(Locale.ROOT,
                "challenger AUC %.3f vs %s %.3f on the same %d ECGs (%d AMI): difference %+.3f (95 %% CI %+.3f to %+.3f); %s",
                a, against, b, positive.length, positives, d.value(), d.lower(), d.upper(),
                release ? "not worse (lower bound above −" + margin + ")" : "possibly worse (lower bound at or below −" + margin + ")");
        return new Decision(release, reason, a, b, d.value(), d.lower(), d.upper(), positive.length, positives);
    }

    /**
     * For a challenger that is its own floor (the feature model with no champion): released iff the lower bound of
     * its AUC's 95 % interval is above 0.5 — it tells AMI from the rest better than chance.
     */
    public Decision aboveChance(float[] challenger, boolean[] positive) {
        int positives = count(positive);
        if (positives == 0 || positives == positive.length) {
            return new Decision(false, "the comparison set needs AMI and non-AMI visits; it has " + positives + " of " + positive.length,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, positive.length, positives);
        }
        Auc.Estimate auc = Auc.withBootstrapCi(challenger, positive, resamples, seed);
        boolean release = auc.lower() > 0.5;
        String reason = String.format(Locale.ROOT, "the feature model is its own floor (no champion yet): AUC %.3f (95 %% CI %.3f–%.3f) on %d ECGs "
                + "(%d AMI); %s", auc.value(), auc.lower(), auc.upper(), positive.length, positives, release ? "better than chance" : "not shown better than chance");
        return new Decision(release, reason, auc.value(), 0.5, auc.value() - 0.5, auc.lower() - 0.5, auc.upper() - 0.5, positive.length, positives);
    }

    private static int count(boolean[] positive) {
        int c = 0;
        for (boolean b : positive) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
