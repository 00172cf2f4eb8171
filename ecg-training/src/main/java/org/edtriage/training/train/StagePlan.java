package org.edtriage.training.train;

/**
 * One training stage.
 *
 * @param name         e.g. {@code pretrain}, {@code stage2-frozen}, {@code stage3-unfrozen}, {@code scratch}
 * @param epochs       maximum epochs
 * @param batchSize    examples per update
 * @param schedule     learning rate over the stage
 * @param patience     epochs without a better validation figure before stopping (0: never stop early)
 * @param freezeBody   body frozen and in inference mode (stage 2)
 * @param maxBatchesPerEpoch cap on updates per epoch (0: the whole training set), for quick runs
 */
public record StagePlan(String name, int epochs, int batchSize, Schedule schedule, int patience, boolean freezeBody, int maxBatchesPerEpoch) {
    public StagePlan {
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException(name + ": epochs and batch size must be positive");
        }
    }

    public StagePlan withEpochs(int newEpochs) {
        return new StagePlan(name, newEpochs, batchSize, schedule, patience, freezeBody, maxBatchesPerEpoch);
    }

    public StagePlan withSchedule(Schedule newSchedule) {
        return new StagePlan(name, epochs, batchSize, newSchedule, patience, freezeBody, maxBatchesPerEpoch);
    }

    public StagePlan withMaxBatchesPerEpoch(int newMaxBatches) {
        return new StagePlan(name, epochs, batchSize, schedule, patience, freezeBody, newMaxBatches);
    }
}
