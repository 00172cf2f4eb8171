package org.edtriage.training.train;

import java.time.Duration;

/**
 * The epochs a one-cycle stage plans its schedule over when it must end within a wall-clock budget
 * ({@link Recipe#annealOneCycle}). Planned over more epochs than the time allows, the schedule is cut while its rate is
 * still near the peak and the network never trains through the low-rate epochs where the schedule does its work
 * (RN-900k-beat stopped at epoch 10 of 30 by a 30-minute budget, ecg-training README). From the second epoch on the
 * horizon is estimated again after every epoch from the mean epoch since the first — the first also prepares every
 * training ECG's input and would make the stage look twice as slow as it is — and only ever shortened, so the rate
 * never climbs back. The estimate is a mean: a stage whose epochs slow down may overrun its budget by part of an epoch.
 */
final class OneCycleHorizon {
    private final Duration budget;
    private int epochs;
    private double firstEpochEnd = Double.NaN;

    /** @param budget the stage's wall-clock budget, or null: the planned epochs stand */
    OneCycleHorizon(int plannedEpochs, Duration budget) {
        if (plannedEpochs < 1) {
            throw new IllegalArgumentException("a stage plans at least one epoch, not " + plannedEpochs);
        }
        this.epochs = plannedEpochs;
        this.budget = budget;
    }

    /** The epochs the schedule runs over as estimated so far. */
    int epochs() {
        return epochs;
    }

    /**
     * After epoch {@code done}, {@code elapsedSeconds} into the stage (training and validation): the horizon, shortened to
     * the epochs that fit the budget at the mean epoch since the first, never below {@code done} (the stage then ends).
     */
    int afterEpoch(int done, double elapsedSeconds) {
        if (budget == null) {
            return epochs;
        }
        if (done == 1) {
            firstEpochEnd = elapsedSeconds;
        } else if (done > 1 && !Double.isNaN(firstEpochEnd)) {
            double meanEpoch = (elapsedSeconds - firstEpochEnd) / (done - 1);
            double left = budget.toMillis() / 1000.0 - elapsedSeconds;
            long fit = done + (long) Math.floor(Math.max(0, left) / Math.max(1e-9, meanEpoch));
            epochs = (int) Math.max(done, Math.min(epochs, fit));
        }
        return epochs;
    }
}
