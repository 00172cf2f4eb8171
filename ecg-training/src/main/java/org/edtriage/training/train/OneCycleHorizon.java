package org.edtriage.training.train;

import java.time.Duration;

/**
 * The epochs a one-cycle stage plans its schedule over when it must end within a wall-clock budget
 * ({@link Recipe#annealOneCycle}). Planned over more epochs than the time allows, the schedule is cut while its rate is
 * still near the peak and the network never trains through the low-rate epochs where the schedule does its work
 * (RN-900k-beat stopped at epoch 10 of 30 by a 30-minute budget, ecg-training README). After every epoch the horizon is
 * estimated again from the mean epoch so far — one epoch's duration swings with what else the machine runs — and only
 * ever shortened, so the rate never climbs back.
 */
final class OneCycleHorizon {
    private final Duration budget;
    private int epochs;

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
     * the epochs that fit the budget at the mean epoch so far, never below {@code done} (the stage then ends).
     */
    int afterEpoch(int done, double elapsedSeconds) {
        if (budget != null && done >= 1) {
            double meanEpoch = elapsedSeconds / done;
            double left = budget.toMillis() / 1000.0 - elapsedSeconds;
            long fit = done + (long) Math.floor(Math.max(0, left) / Math.max(1e-9, meanEpoch));
            epochs = (int) Math.max(done, Math.min(epochs, fit));
        }
        return epochs;
    }
}
