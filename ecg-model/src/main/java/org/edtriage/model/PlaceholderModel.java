package org.edtriage.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.translate.TranslateException;
import org.edtriage.ecg.signal.InputContract;

import java.util.List;

/**
 * PLACEHOLDER: a small, randomly initialised (never trained) 1-D CNN that lets the walking skeleton
 * run real DJL/PyTorch inference end to end before the model zoo and training exist. Its scores mean
 * nothing clinically; every score and alert it produces is flagged {@code placeholderModel = true}.
 * The seed is fixed, so the same ECG always gets the same score.
 */
public final class PlaceholderModel implements EcgScorer {
    public static final String NAME = "placeholder-untrained-cnn";
    public static final String VERSION = "0.0.0-untrained";
    /** The Nyström models' lead order (V1–V6, I, II) at 100 Hz, 10 s. */
    public static final InputContract CONTRACT = new InputContract(
            List.of("V1", "V2", "V3", "V4", "V5", "V6", "I", "II"), 100, 1000);
    private static final int SEED = 20261122;

    private final Model model;
    private final Predictor<List<float[][]>, float[][]> predictor;

    public PlaceholderModel() {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(SEED);
        SequentialBlock net = new SequentialBlock()
                .add(Conv1d.builder().setFilters(8).setKernelShape(new Shape(15)).optStride(new Shape(2)).build())
                .add(Activation::relu)
                .add(Conv1d.builder().setFilters(8).setKernelShape(new Shape(9)).optStride(new Shape(2)).build())
                .add(Activation::relu)
                .add(Pool.globalAvgPool1dBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(1).build())
                .add(new ai.djl.nn.LambdaBlock(list -> new NDList(Activation.sigmoid(list.singletonOrThrow().mul(4)))));
        net.setInitializer(new XavierInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
        model = Model.newInstance(NAME, engine.getEngineName());
        model.setBlock(net);
        net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, CONTRACT.leads().size(), CONTRACT.samples()));
        predictor = model.newPredictor(new BatchTranslator(CONTRACT.leads().size(), CONTRACT.samples()));
    }

    @Override
    public InputContract contract() {
        return CONTRACT;
    }

    @Override
    public String modelName() {
        return NAME;
    }

    @Override
    public String modelVersion() {
        return VERSION;
    }

    @Override
    public boolean placeholder() {
        return true;
    }

    @Override
    public float[] score(List<float[][]> inputs) {
        try {
            float[][] out = predictor.predict(inputs);
            float[] scores = new float[out.length];
            for (int i = 0; i < out.length; i++) {
                scores[i] = out[i][0];
            }
            return scores;
        } catch (TranslateException e) {
            throw new IllegalStateException("inference failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
