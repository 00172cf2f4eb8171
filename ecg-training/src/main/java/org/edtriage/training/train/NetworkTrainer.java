package org.edtriage.training.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.MalformedModelException;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.training.dataset.PreparedSignals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains an {@link EcgNetwork} for one {@link StagePlan} with Adam, validating after every epoch and
 * keeping the parameters of the best epoch (by the objective's selection figure); stops early after
 * {@code patience} epochs without improvement (unless the recipe anneals a one-cycle stage to its end within its time:
 * {@link Recipe#annealOneCycle}). Reproducible: the initial weights ({@link #initialize}), the
 * epoch order, the PyTorch seed and the windowed models' crops all derive from the seed.
 */
public final class NetworkTrainer {
    private final PreparedSignals signals;
    private final long seed;
    private final Progress progress;
    private final Recipe recipe;
    private final java.time.Duration stageBudget;

    public NetworkTrainer(PreparedSignals signals, long seed, Progress progress) {
        this(signals, seed, progress, Recipe.PAPER, null);
    }

    /**
     * With a {@link Recipe} (augmentation, weight decay and weight averaging in every stage) and, unless null, a
     * wall-clock budget per stage: no epoch starts that the last one's duration says would end after it. Refused on a
     * CPU whose convolution kernels compute wrongly ({@link org.edtriage.model.KernelProbe}): a network trained there
     * learns from wrong arithmetic.
     */
    public NetworkTrainer(PreparedSignals signals, long seed, Progress progress, Recipe recipe, java.time.Duration stageBudget) {
        org.edtriage.model.KernelProbe.verify();
        this.signals = signals;
        this.seed = seed;
        this.progress = progress;
        this.recipe = recipe;
        this.stageBudget = stageBudget;
    }

    /**
     * Draws a new network's initial weights from the seed and the stage that trains it first. Left to the engine's
     * generator as it stands, they would depend on everything drawn before in this JVM (other models, other tests):
     * the same run would start from other weights depending on what ran before it.
     */
    public void initialize(EcgNetwork network, NDManager manager, StagePlan firstStage) {
        seedEngine(firstStage, "initial weights");
        network.initialize(manager);
    }

    /** As {@link #initialize}, for a new head on a trained body: the body keeps its parameters. */
    public void initializeHead(EcgNetwork network, NDManager manager, StagePlan firstStage) {
        seedEngine(firstStage, "initial head");
        network.initializeHead(manager);
    }

    private void seedEngine(StagePlan plan, String purpose) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (plan.name() + "/" + purpose).hashCode()));
    }

    public StageResult train(Model model, EcgNetwork network, Objective objective, LabelledSet train, LabelledSet validation, StagePlan plan) {
        if (train.size() < 2) {
            throw new IllegalArgumentException(plan.name() + ": a training set of " + train.size() + " ECGs is too small");
        }
        seedEngine(plan, "training");
        model.setBlock(network.block());
        network.freezeBody(plan.freezeBody());
        network.bodyInInferenceMode(plan.freezeBody());
        int allBatches = (train.size() + plan.batchSize() - 1) / plan.batchSize();
        int batches = plan.maxBatchesPerEpoch() > 0 ? Math.min(allBatches, plan.maxBatchesPerEpoch()) : allBatches;
        boolean anneal = recipe.annealOneCycle() && "onecycle".equals(plan.schedule().kind());
        OneCycleHorizon horizon = new OneCycleHorizon(plan.epochs(), anneal ? stageBudget : null);
        // the rate at an update, over the horizon as it stands (an annealed stage's shortens between epochs)
        java.util.function.IntToDoubleFunction rateAt = step -> plan.schedule().rate(step, batches * horizon.epochs());
        DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss()) // the objective computes the loss itself
                .optOptimizer(Optimizer.adam().optLearningRateTracker((ai.djl.training.tracker.Tracker) step -> (float) rateAt.applyAsDouble(step))
                        .optWeightDecays((float) recipe.weightDecay()).build());
        Random augmentRandom = new Random(seed * 7919 + plan.name().hashCode());
        int rows = network.contract().rows(), columns = network.contract().columns(), rhythm = network.contract().samples();
        int signalColumns = network.contract().signalColumns();
        java.util.ArrayDeque<float[][]> lastEpochs = new java.util.ArrayDeque<>();
        // measurements are targets read off the very signal (scaling it or adding wander would make them false), and a
        // network fed measurements is not fed a signal that scaling, noise or a shift could augment
        Augmentation augmentation = objective instanceof Objective.Measurements || objective instanceof Objective.AmiAndMeasurements
                || network.contract().representation() == org.edtriage.ecg.signal.InputContract.Representation.FEATURES
                ? Augmentation.NONE : recipe.augmentation();
        List<EpochRecord> epochs = new ArrayList<>();
        byte[] best = null;
        int bestEpoch = 0;
        double bestValue = Double.NaN;
        boolean stoppedEarly = false;
        boolean budgetExhausted = false;
        long stageStart = System.nanoTime();
        long stageSamples = 0;
        double stageTrainSeconds = 0;
        try (Trainer trainer = model.newTrainer(config)) {
            trainer.initialize(network.inputShape(plan.batchSize()));
            int size = signals.size();
            int targetWidth = train.targets()[0].length;
            // one input buffer per stage (a CNN-20k batch of 64 is 10 MB), filled in place every batch
            int views = objective.views();
            float[] x = new float[views * plan.batchSize() * size];
            float[] y = new float[views * plan.batchSize() * targetWidth];
            int step = 0;
            double lastEpochSeconds = 0;
            for (int epoch = 1; epoch <= horizon.epochs(); epoch++) {
                long start = System.nanoTime();
                // an annealed one-cycle's horizon already ends it within the budget: this guard, on the last epoch alone, would
                // cut its final low-rate epoch after one slow epoch
                if (stageBudget != null && !anneal && epoch > 1 && (start - stageStart) / 1e9 + lastEpochSeconds > stageBudget.toSeconds()) {
                    progress.message(String.format(java.util.Locale.ROOT, "%-16s stops before epoch %d: its %d s budget would be exceeded",
                            plan.name(), epoch, stageBudget.toSeconds()));
                    budgetExhausted = true;
                    break;
                }
                List<Integer> order = train.shuffledOrder(new Random(seed * 31 + epoch));
                double lossSum = 0;
                long samples = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * plan.batchSize();
                    int count = Math.min(plan.batchSize(), order.size() - from);
                    if (count < 2) {
                        break; // batch norm cannot train on one ECG
                    }
                    List<String> ids = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        int example = order.get(from + i);
                        ids.add(train.ecgIds().get(example));
                        float[] t = train.targets()[example];
                        System.arraycopy(t, 0, y, i * t.length, t.length);
                    }
                    signals.read(ids, x);
                    if (views == 2) {
                        System.arraycopy(x, 0, x, count * size, count * size); // ECG i's second view at count + i
                        VIEWS.apply(x, 2 * count, rows, columns, signalColumns, rhythm, network.contract().samplingRateHz(), augmentRandom);
                    } else {
                        augmentation.apply(x, count, rows, columns, signalColumns, rhythm, network.contract().samplingRateHz(), augmentRandom);
                    }
                    try (NDManager batch = trainer.getManager().newSubManager()) {
                        NDArray input = batch.create(FloatBuffer.wrap(x, 0, views * count * size), network.inputShape(views * count), DataType.FLOAT32);
                        NDArray target = batch.create(FloatBuffer.wrap(y, 0, views * count * targetWidth), new Shape(views * count, targetWidth),
                                DataType.FLOAT32);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray output = trainer.forward(new NDList(input)).singletonOrThrow();
                            NDArray loss = objective.loss(output, target);
                            collector.backward(loss);
                            lossSum += loss.getFloat() * count;
                        }
                        trainer.step();
                    }
                    step++;
                    samples += count;
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    progress.batch(plan.name(), epoch, horizon.epochs(), b + 1, batches, lossSum / samples, samples / elapsed);
                }
                double trainSeconds = (System.nanoTime() - start) / 1e9;
                stageSamples += samples;
                stageTrainSeconds += trainSeconds;
                if (recipe.averageLast() > 0) {
                    lastEpochs.addLast(values(network));
                    if (lastEpochs.size() > recipe.averageLast()) {
                        lastEpochs.removeFirst();
                    }
                }
                if (PRECISE_BATCH_NORM_BATCHES > 0 && !plan.freezeBody()) {
                    recomputeBatchNorm(network, trainer.getManager(), train, plan.batchSize(), epoch);
                }
                float[][] outputs = views == 2 ? new float[0][] : predict(network, signals, validation, Math.max(plan.batchSize(), 32));
                double validationLoss = views == 2 ? viewsLoss(network, objective, validation, plan.batchSize())
                        : loss(trainer.getManager(), objective, outputs, validation.targets());
                Map<String, Double> metrics = objective.metrics(outputs, validation.targets());
                lastEpochSeconds = (System.nanoTime() - start) / 1e9;
                EpochRecord record = new EpochRecord(plan.name(), epoch, rateAt.applyAsDouble(Math.max(0, step - 1)),
                        lossSum / Math.max(1, samples), validationLoss, metrics, lastEpochSeconds, samples / trainSeconds);
                epochs.add(record);
                progress.epoch(record);
                double value = "loss".equals(objective.selection()) ? validationLoss : metrics.getOrDefault(objective.selection(), Double.NaN);
                boolean better = best == null || (!Double.isNaN(value) && (Double.isNaN(bestValue)
                        || (objective.higherIsBetter() ? value > bestValue : value < bestValue)));
                if (better) {
                    best = snapshot(network);
                    bestEpoch = epoch;
                    bestValue = value;
                } else if (plan.patience() > 0 && !anneal && epoch - bestEpoch >= plan.patience()) {
                    stoppedEarly = true;
                    break;
                }
                int fitted = horizon.epochs();
                if (horizon.afterEpoch(epoch, (System.nanoTime() - stageStart) / 1e9) < fitted) {
                    progress.message(String.format(java.util.Locale.ROOT, "%-16s one-cycle fitted to %d of %d epochs: the %d s budget allows no more",
                            plan.name(), horizon.epochs(), plan.epochs(), stageBudget.toSeconds()));
                }
            }
            if (recipe.averageLast() > 0 && !lastEpochs.isEmpty()) {
                // The average of the last epochs' weights, against the single best epoch on the same validation figure:
                // the better one is kept (after early stopping the last epochs are the ones that stopped improving). Its
                // batch-norm statistics are those of no network that ever ran, so they are recomputed for it.
                average(network, lastEpochs);
                if (PRECISE_BATCH_NORM_BATCHES > 0 && !plan.freezeBody()) {
                    recomputeBatchNorm(network, trainer.getManager(), train, plan.batchSize(), plan.epochs() + 1);
                }
                double value;
                if (views == 2) {
                    value = viewsLoss(network, objective, validation, plan.batchSize());
                } else {
                    float[][] outputs = predict(network, signals, validation, Math.max(plan.batchSize(), 32));
                    value = "loss".equals(objective.selection()) ? loss(trainer.getManager(), objective, outputs, validation.targets())
                            : objective.metrics(outputs, validation.targets()).getOrDefault(objective.selection(), Double.NaN);
                }
                boolean averageBetter = !Double.isNaN(value) && (Double.isNaN(bestValue) || (objective.higherIsBetter() ? value > bestValue : value < bestValue));
                progress.message(String.format(java.util.Locale.ROOT, "%-16s average of the last %d epochs: validation %s %.4f; best single epoch %d: %.4f; keeping %s",
                        plan.name(), lastEpochs.size(), objective.selection(), value, bestEpoch, bestValue, averageBetter ? "the average" : "the best epoch"));
                if (averageBetter) {
                    best = snapshot(network);
                    bestEpoch = AVERAGED;
                    bestValue = value;
                }
            }
        } finally {
            network.bodyInInferenceMode(false);
            network.freezeBody(false);
        }
        restore(network, model.getNDManager(), best);
        double seconds = (System.nanoTime() - stageStart) / 1e9;
        return new StageResult(plan, epochs, bestEpoch, bestValue, objective.selection(), seconds,
                stageSamples / Math.max(1e-9, stageTrainSeconds), stoppedEarly, budgetExhausted);
    }

    /** {@link StageResult#bestEpoch()} when the kept parameters are the average of the last epochs'. */
    public static final int AVERAGED = -1;

    /** The two views of a contrastive objective: strong, independent augmentations of the same ECG. */
    static final Augmentation VIEWS = new Augmentation(0.2, 0.05, 0.2, 0.2, true);

    /** A contrastive objective's loss on validation ECGs, with views drawn from a fixed seed (comparable across epochs). */
    private double viewsLoss(EcgNetwork network, Objective objective, LabelledSet validation, int batchSize) {
        Random random = new Random(seed * 13);
        int size = signals.size(), rows = network.contract().rows(), columns = network.contract().columns();
        NDManager base = network.block().getParameters().get(0).getValue().getArray().getManager();
        double sum = 0;
        int batches = 0;
        for (int from = 0; from + 1 < validation.size(); from += batchSize) {
            int count = Math.min(batchSize, validation.size() - from);
            if (count < 2) {
                break;
            }
            float[] x = new float[2 * count * size];
            signals.read(validation.ecgIds().subList(from, from + count), x);
            System.arraycopy(x, 0, x, count * size, count * size);
            VIEWS.apply(x, 2 * count, rows, columns, network.contract().samples(), network.contract().samplingRateHz(), random);
            try (NDManager batch = base.newSubManager()) {
                NDArray out = network.block().forward(new ParameterStore(batch, false), new NDList(batch.create(x, network.inputShape(2 * count))), false)
                        .singletonOrThrow();
                sum += objective.loss(out, out).getFloat();
                batches++;
            }
        }
        return batches == 0 ? Double.NaN : sum / batches;
    }

    /**
     * Batches of training ECGs used to recompute batch-norm statistics before each validation ("precise BN",
     * {@link EcgNetwork#recomputeBatchNormStatistics}); 0 switches it off (-Dtriage.training.precise-bn-batches).
     */
    static final int PRECISE_BATCH_NORM_BATCHES = Integer.getInteger("triage.training.precise-bn-batches", 30);

    private void recomputeBatchNorm(EcgNetwork network, NDManager manager, LabelledSet train, int batchSize, int epoch) {
        List<Integer> order = train.shuffledOrder(new Random(seed * 17 + epoch));
        int size = signals.size();
        int count = Math.min(batchSize, order.size());
        network.recomputeBatchNormStatistics(manager, new java.util.Iterator<>() {
            private int b;

            public boolean hasNext() {
                return b < PRECISE_BATCH_NORM_BATCHES;
            }

            public NDArray next() {
                List<String> ids = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    ids.add(train.ecgIds().get(order.get((b * count + i) % order.size()))); // small sets are cycled
                }
                float[] x = new float[count * size];
                signals.read(ids, x);
                b++;
                return manager.create(x, network.inputShape(count));
            }
        });
    }

    /** Head outputs for every ECG of {@code set}, in inference mode (windowed models average their windows). */
    public static float[][] predict(EcgNetwork network, PreparedSignals signals, LabelledSet set, int batchSize) {
        int size = signals.size();
        int outputs = network.head().outputs();
        float[][] out = new float[set.size()][];
        NDManager base = network.block().getParameters().get(0).getValue().getArray().getManager();
        for (int from = 0; from < set.size(); from += batchSize) {
            int count = Math.min(batchSize, set.size() - from);
            float[] x = new float[count * size];
            signals.read(set.ecgIds().subList(from, from + count), x);
            try (NDManager batch = base.newSubManager()) {
                NDArray input = batch.create(x, network.inputShape(count));
                float[] y = network.block().forward(new ParameterStore(batch, false), new NDList(input), false).singletonOrThrow().toFloatArray();
                for (int i = 0; i < count; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(y, i * outputs, (i + 1) * outputs);
                }
            }
        }
        return out;
    }

    static double loss(NDManager manager, Objective objective, float[][] outputs, float[][] targets) {
        if (outputs.length == 0) {
            return Double.NaN;
        }
        try (NDManager m = manager.newSubManager()) {
            return objective.loss(m.create(outputs), m.create(targets)).getFloat();
        }
    }

    /** Every parameter's values (weights and batch-norm statistics alike), in the block's order. */
    private static float[][] values(EcgNetwork network) {
        var parameters = network.block().getParameters();
        float[][] out = new float[parameters.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = parameters.get(i).getValue().getArray().toFloatArray();
        }
        return out;
    }

    private static void average(EcgNetwork network, java.util.Collection<float[][]> snapshots) {
        var parameters = network.block().getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            float[] mean = new float[snapshots.iterator().next()[i].length];
            for (float[][] s : snapshots) {
                for (int k = 0; k < mean.length; k++) {
                    mean[k] += s[i][k] / snapshots.size();
                }
            }
            parameters.get(i).getValue().getArray().set(mean);
        }
    }

    static byte[] snapshot(EcgNetwork network) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            network.block().saveParameters(new DataOutputStream(bytes));
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void restore(EcgNetwork network, NDManager manager, byte[] parameters) {
        try {
            network.block().loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot restore the best epoch's parameters", e);
        }
    }
}
