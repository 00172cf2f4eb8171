package org.edtriage.training.train;

/**
 * How the networks train beyond the papers' protocol, each part kept only if it helped in a measured A/B on one
 * fixed split (ecg-training README): a weight on AMI ECGs in the loss, augmentation, weight decay, and the average
 * of the last epochs' weights instead of the single best epoch. {@link #PAPER} changes nothing.
 *
 * @param positiveWeight weight of a positive (AMI) ECG in the AMI loss; 1 = unweighted
 * @param augmentation   applied to every training batch of every stage
 * @param weightDecay    L2 penalty on the parameters (Adam's weight decay); 0 = none
 * @param averageLast    the final parameters are the average of the last N epochs' (Polyak / SWA-style); 0 = the best
 *                       epoch by validation, as the papers do
 * @param auxiliaryMeasurements weight of the ECG's own measurements as a second task while the AMI head trains
 *                       ({@link Objective.AmiAndMeasurements}; its measurements are targets, so the stage trains without
 *                       augmentation); 0 = AMI alone, as the papers do
 * @param annealOneCycle a one-cycle stage runs its schedule to the end: its cosine ends at the last epoch the stage's
 *                       wall-clock budget allows ({@link OneCycleHorizon}) and patience does not stop it before; the
 *                       kept epoch is still the best on validation. Off: the schedule is planned over the stage's
 *                       epochs and early stopping or the budget may cut it while the rate is still high, as the papers'
 *                       protocol does
 */
public record Recipe(double positiveWeight, Augmentation augmentation, double weightDecay, int averageLast, double auxiliaryMeasurements,
                     boolean annealOneCycle) {
    public static final Recipe PAPER = new Recipe(1, Augmentation.NONE, 0, 0, 0, false);

    public Recipe {
        augmentation = augmentation == null ? Augmentation.NONE : augmentation;
        if (!(positiveWeight > 0) || weightDecay < 0 || averageLast < 0 || !(auxiliaryMeasurements >= 0) || Double.isInfinite(auxiliaryMeasurements)) {
            throw new IllegalArgumentException("positive weight > 0, weight decay ≥ 0, epochs averaged ≥ 0, auxiliary weight ≥ 0");
        }
    }

    public Recipe withPositiveWeight(double w) {
        return new Recipe(w, augmentation, weightDecay, averageLast, auxiliaryMeasurements, annealOneCycle);
    }

    public Recipe withAugmentation(Augmentation a) {
        return new Recipe(positiveWeight, a, weightDecay, averageLast, auxiliaryMeasurements, annealOneCycle);
    }

    public Recipe withWeightDecay(double d) {
        return new Recipe(positiveWeight, augmentation, d, averageLast, auxiliaryMeasurements, annealOneCycle);
    }

    public Recipe withAverageLast(int n) {
        return new Recipe(positiveWeight, augmentation, weightDecay, n, auxiliaryMeasurements, annealOneCycle);
    }

    public Recipe withAuxiliaryMeasurements(double weight) {
        return new Recipe(positiveWeight, augmentation, weightDecay, averageLast, weight, annealOneCycle);
    }

    public Recipe withAnnealOneCycle(boolean anneal) {
        return new Recipe(positiveWeight, augmentation, weightDecay, averageLast, auxiliaryMeasurements, anneal);
    }
}
