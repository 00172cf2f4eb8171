package org.edtriage.training.train;

/**
 * Every setting of one transfer experiment, saved beside its results ({@code config.json}) so the run
 * can be repeated exactly: {@code ./triage train experiment NAME} looks presets up by name.
 *
 * @param pretrainTask   one of {@link ExperimentData#PRETRAINING_TASKS}, or {@code none} (scratch only)
 * @param pretrain       stage 1: the body learns the task on the source set (one-cycle, best epoch by validation loss)
 * @param stage2         new head, body frozen and in inference mode (one-cycle)
 * @param stage3         everything unfrozen at a constant small rate, early stopping on validation AUC
 * @param scratch        the baseline: same architecture and head from random weights, stage 2 + stage 3's epoch budget
 * @param bootstrap      bootstrap resamples for every confidence interval (the paper: 1,000)
 * @param targetFraction share of target training patients used (sweeps), 1 for all
 * @param sourceFraction share of source patients used (sweeps), 1 for all
 * @param recipe         how every stage trains beyond the paper's protocol ({@link Recipe#PAPER} for none; absent in
 *                       configs saved before it existed, which read as {@link Recipe#PAPER})
 */
public record ExperimentConfig(String name, String architecture, String pretrainTask, long seed, StagePlan pretrain, StagePlan stage2,
                               StagePlan stage3, StagePlan scratch, int bootstrap, double minSensitivity, double minSpecificity,
                               double targetFraction, double sourceFraction, Recipe recipe) {

    public ExperimentConfig {
        recipe = recipe == null ? Recipe.PAPER : recipe;
    }

    /** The paper's protocol with our epoch budgets (the paper tuned only learning rate and epochs per model). */
    public static ExperimentConfig nystrom(String name, String architecture, String pretrainTask, long seed) {
        return new ExperimentConfig(name, architecture, pretrainTask, seed,
                new StagePlan("pretrain", 30, 64, Schedule.oneCycle(1e-3), 5, false, 0),
                new StagePlan("stage2-frozen", 10, 64, Schedule.oneCycle(1e-3), 0, true, 0),
                new StagePlan("stage3-unfrozen", 20, 64, Schedule.constant(1e-4), 5, false, 0),
                new StagePlan("scratch", 30, 64, Schedule.oneCycle(1e-3), 5, false, 0),
                1000, 0.99, 0.95, 1, 1, Recipe.PAPER);
    }

    /**
     * The platform's own recipe: the paper's budgets and schedules (nystrom) with {@link #TRIAGE_RECIPE}, what the
     * A/B runs on one fixed split kept (ecg-training README, "A training recipe"). The default of continuous training.
     */
    public static ExperimentConfig triage(String name, String architecture, String pretrainTask, long seed) {
        return nystrom(name, architecture, pretrainTask, seed).withRecipe(TRIAGE_RECIPE);
    }

    /**
     * What the A/B runs kept (ecg-training README, "A training recipe"): augmentation — amplitude ±10 %, 0.02 mV noise,
     * up to 0.1 mV of wander, one lead dropped in 10 % of ECGs, a random shift of the rhythm. Positive weights, weight
     * decay, last-epoch averaging and a higher rate measured no better and stay off.
     */
    public static final Recipe TRIAGE_RECIPE = Recipe.PAPER.withAugmentation(new Augmentation(0.1, 0.02, 0.1, 0.1, true));

    /** A preset by name: {@code nystrom} (the paper's protocol), {@code triage} (ours), {@code quick} (2 epochs per stage). */
    public static ExperimentConfig preset(String preset, String name, String architecture, String pretrainTask, long seed) {
        return switch (preset) {
            case "nystrom" -> nystrom(name, architecture, pretrainTask, seed);
            case "triage" -> triage(name, architecture, pretrainTask, seed);
            case "quick" -> quick(name, architecture, pretrainTask, seed, 2);
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "': nystrom, triage or quick");
        };
    }

    /** A few short epochs: for tests and smoke runs, not for results. */
    public static ExperimentConfig quick(String name, String architecture, String pretrainTask, long seed, int epochs) {
        return new ExperimentConfig(name, architecture, pretrainTask, seed,
                new StagePlan("pretrain", epochs, 32, Schedule.oneCycle(3e-3), 0, false, 0),
                new StagePlan("stage2-frozen", epochs, 32, Schedule.oneCycle(3e-3), 0, true, 0),
                new StagePlan("stage3-unfrozen", epochs, 32, Schedule.constant(3e-4), 0, false, 0),
                new StagePlan("scratch", 2 * epochs, 32, Schedule.oneCycle(3e-3), 0, false, 0),
                200, 0.99, 0.95, 1, 1, Recipe.PAPER);
    }

    public ExperimentConfig withFractions(String newName, double target, double source) {
        return new ExperimentConfig(newName, architecture, pretrainTask, seed, pretrain, stage2, stage3, scratch, bootstrap,
                minSensitivity, minSpecificity, target, source, recipe);
    }

    public ExperimentConfig withRecipe(Recipe newRecipe) {
        return new ExperimentConfig(name, architecture, pretrainTask, seed, pretrain, stage2, stage3, scratch, bootstrap,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, newRecipe);
    }

    public ExperimentConfig withName(String newName) {
        return new ExperimentConfig(newName, architecture, pretrainTask, seed, pretrain, stage2, stage3, scratch, bootstrap,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, recipe);
    }

    public ExperimentConfig withArchitecture(String newArchitecture, String newPretrainTask) {
        return new ExperimentConfig(name, newArchitecture, newPretrainTask, seed, pretrain, stage2, stage3, scratch, bootstrap,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, recipe);
    }

    public ExperimentConfig withStages(StagePlan newPretrain, StagePlan newStage2, StagePlan newStage3, StagePlan newScratch) {
        return new ExperimentConfig(name, architecture, pretrainTask, seed, newPretrain, newStage2, newStage3, newScratch, bootstrap,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, recipe);
    }

    public ExperimentConfig withSeed(long newSeed) {
        return new ExperimentConfig(name, architecture, pretrainTask, newSeed, pretrain, stage2, stage3, scratch, bootstrap,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, recipe);
    }

    public ExperimentConfig withBootstrap(int resamples) {
        return new ExperimentConfig(name, architecture, pretrainTask, seed, pretrain, stage2, stage3, scratch, resamples,
                minSensitivity, minSpecificity, targetFraction, sourceFraction, recipe);
    }
}
