package org.edtriage.model;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import org.edtriage.ecg.signal.InputContract;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A zoo network behind {@link EcgScorer}, safe to call from many threads: the DJL {@code Model} (and its
 * parameters) is shared, each call borrows one of {@code poolSize} {@code Predictor}s (a predictor is not
 * thread-safe). The score is the probability of the head's first output: the sigmoid of a logit, or the
 * output itself for a head that ends in a sigmoid.
 */
public final class NetworkScorer implements EcgScorer {
    private final Model model;
    private final EcgNetwork network;
    private final String name;
    private final String version;
    private final BlockingQueue<Predictor<List<float[][]>, float[][]>> pool;
    private final List<Predictor<List<float[][]>, float[][]>> predictors = new ArrayList<>();
    private final List<Head.Output> kinds;

    private NetworkScorer(Model model, EcgNetwork network, String name, String version, int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("pool size must be at least 1");
        }
        this.kinds = network.head().outputKinds();
        if (kinds.get(0) == Head.Output.VALUE) {
            model.close();
            throw new IllegalArgumentException("head " + network.head().id() + " predicts a value, not a probability: it cannot score");
        }
        this.model = model;
        this.network = network;
        this.name = name;
        this.version = version;
        this.pool = new ArrayBlockingQueue<>(poolSize);
        model.setBlock(network.block());
        for (int i = 0; i < poolSize; i++) {
            var predictor = model.newPredictor(new BatchTranslator(network.contract().rows(), network.contract().columns()));
            predictors.add(predictor);
            pool.add(predictor);
        }
    }

    /**
     * Loads and verifies a checkpoint (refused with the reason if corrupt or mismatched) and wraps it; refused, too, on a
     * CPU whose convolution kernels compute wrongly ({@link KernelProbe}).
     */
    public static NetworkScorer fromCheckpoint(Path checkpoint, int poolSize) throws CheckpointException {
        KernelProbe.verify();
        Model model = Model.newInstance(checkpoint.getFileName().toString(), "PyTorch");
        try {
            Checkpoint.Loaded loaded = Checkpoint.load(checkpoint, model.getNDManager());
            ModelManifest manifest = loaded.manifest();
            return new NetworkScorer(model, loaded.network(), manifest.modelId(), loaded.sha256(), poolSize);
        } catch (CheckpointException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** An in-memory network (e.g. freshly trained or for benchmarks), initialised here if it is not yet. */
    public static NetworkScorer of(EcgNetwork network, String name, String version, int poolSize) {
        KernelProbe.verify();
        Model model = Model.newInstance(name, "PyTorch");
        if (!network.block().isInitialized()) {
            network.initialize(model.getNDManager());
        }
        return new NetworkScorer(model, network, name, version, poolSize);
    }

    public EcgNetwork network() {
        return network;
    }

    @Override
    public InputContract contract() {
        return network.contract();
    }

    @Override
    public String modelName() {
        return name;
    }

    @Override
    public String architecture() {
        return network.architecture();
    }

    /** For a checkpoint: its SHA-256, so a score names exactly the parameters that produced it. */
    @Override
    public String modelVersion() {
        return version;
    }

    @Override
    public boolean placeholder() {
        return false;
    }

    @Override
    public float[] score(List<float[][]> inputs) {
        float[][] outputs = outputs(inputs);
        float[] scores = new float[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            scores[i] = probability(outputs[i][0], kinds.get(0));
        }
        return scores;
    }

    /** Every output of every input as a probability (multi-label heads); value outputs are returned as they are. */
    public float[][] probabilities(List<float[][]> inputs) {
        float[][] outputs = outputs(inputs);
        for (float[] row : outputs) {
            for (int k = 0; k < row.length; k++) {
                row[k] = probability(row[k], kinds.get(k));
            }
        }
        return outputs;
    }

    /**
     * Runs every batch size a caller gathering up to {@code maxBatch} ECGs will mostly meet (1, 2, 4, … and
     * {@code maxBatch} itself) through every predictor, {@code rounds} times, on noise. PyTorch pays for
     * memory allocation and kernel selection on the first calls of each shape (on 2 cores: CNN-20k 100 ms for
     * a first single ECG against 4 ms after; RN-900k 1.5 s for a first batch of 32 against ~0.6 s); a model
     * that takes traffic cold makes the first patients' alerts late. Call before the model is installed.
     */
    @Override
    public WarmUp warmUp(int maxBatch, int rounds) {
        if (maxBatch < 1 || rounds < 1) {
            throw new IllegalArgumentException("need maxBatch ≥ 1 and rounds ≥ 1");
        }
        List<Integer> sizes = new ArrayList<>();
        for (int b = 1; b < maxBatch; b *= 2) {
            sizes.add(b);
        }
        sizes.add(maxBatch);
        java.util.Random noise = new java.util.Random(maxBatch);
        List<float[][]> inputs = new ArrayList<>();
        for (int i = 0; i < maxBatch; i++) {
            float[][] ecg = new float[contract().rows()][contract().columns()];
            for (float[] lead : ecg) {
                for (int t = 0; t < lead.length; t++) {
                    lead[t] = (float) noise.nextGaussian();
                }
            }
            inputs.add(ecg);
        }
        int batches = 0;
        long first = 0, last = 0, start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            long roundStart = System.nanoTime();
            for (Predictor<List<float[][]>, float[][]> predictor : predictors) {
                for (int size : sizes) {
                    try {
                        predictor.predict(inputs.subList(0, size));
                    } catch (TranslateException e) {
                        throw new IllegalStateException("warm-up inference failed: " + e.getMessage(), e);
                    }
                    batches++;
                }
            }
            long took = System.nanoTime() - roundStart;
            if (round == 0) {
                first = took;
            }
            last = took;
        }
        return new WarmUp(batches, first, last, System.nanoTime() - start);
    }

    private float[][] outputs(List<float[][]> inputs) {
        if (inputs.isEmpty()) {
            return new float[0][];
        }
        Predictor<List<float[][]>, float[][]> predictor;
        try {
            predictor = pool.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a predictor", e);
        }
        try {
            return predictor.predict(inputs);
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        } finally {
            pool.add(predictor);
        }
    }

    private static float probability(float output, Head.Output kind) {
        return kind == Head.Output.LOGIT ? (float) (1 / (1 + Math.exp(-output))) : output;
    }

    @Override
    public void close() {
        Collections.reverse(predictors);
        predictors.forEach(Predictor::close);
        model.close();
    }
}
