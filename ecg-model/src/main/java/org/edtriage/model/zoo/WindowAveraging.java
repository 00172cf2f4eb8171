package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.edtriage.ecg.signal.Windowing;

import java.util.List;
import java.util.SplittableRandom;

/**
 * RN-900k's crop-and-average as part of the network (Nyström et al. count it as part of the model): in
 * training, each ECG of the batch is cut to one random window; in inference, the network runs on the
 * equidistant windows of {@link Windowing#inferenceOffsets(int)} and their predictions are averaged.
 * Averaging is in probability space for logit outputs (as Strodthoff et al. aggregate sigmoid outputs);
 * the mean probability is turned back into a logit so that every head keeps its output kind and the same
 * loss works on the averaged output. Anything after the rhythm's {@code rhythmSamples} (the median beat of a
 * contract with one) is not cropped: every window carries it along unchanged.
 */
final class WindowAveraging extends AbstractBlock {
    private static final float EPS = 1e-6f;
    private final Block inner;
    private final Windowing windowing;
    private final int rhythmSamples;
    private final List<Head.Output> kinds;
    private final SplittableRandom random;

    WindowAveraging(Block inner, Windowing windowing, int rhythmSamples, List<Head.Output> kinds, long seed) {
        this.inner = addChildBlock("windowed", inner);
        this.windowing = windowing;
        this.rhythmSamples = rhythmSamples;
        this.kinds = List.copyOf(kinds);
        this.random = new SplittableRandom(seed);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        int length = rhythmSamples;
        int window = windowing.windowSamples();
        int batch = Math.toIntExact(x.getShape().get(0));
        NDArray tail = x.getShape().get(2) > rhythmSamples ? x.get(":, :, " + rhythmSamples + ":") : null;
        if (training) {
            NDList crops = new NDList(batch);
            for (int i = 0; i < batch; i++) {
                int offset = nextOffset(length);
                crops.add(x.get(i + ":" + (i + 1) + ", :, " + offset + ":" + (offset + window)));
            }
            NDArray cropped = NDArrays.concat(crops, 0);
            return inner.forward(ps, new NDList(tail == null ? cropped : cropped.concat(tail, 2)), true, params);
        }
        int[] offsets = windowing.inferenceOffsets(length);
        NDList windows = new NDList(offsets.length);
        for (int offset : offsets) {
            NDArray w = x.get(":, :, " + offset + ":" + (offset + window));
            windows.add(tail == null ? w : w.concat(tail, 2));
        }
        NDArray out = inner.forward(ps, new NDList(NDArrays.concat(windows, 0)), false, params).singletonOrThrow();
        NDArray perWindow = out.reshape(offsets.length, batch, kinds.size());
        NDList columns = new NDList(kinds.size());
        for (int k = 0; k < kinds.size(); k++) {
            NDArray column = perWindow.get(":, :, " + k);
            if (kinds.get(k) == Head.Output.LOGIT) {
                NDArray p = ai.djl.nn.Activation.sigmoid(column).mean(new int[]{0}).clip(EPS, 1 - EPS);
                columns.add(p.div(p.neg().add(1)).log());
            } else {
                columns.add(column.mean(new int[]{0}));
            }
        }
        return new NDList(NDArrays.stack(columns, 1));
    }

    private synchronized int nextOffset(int length) {
        return windowing.randomOffset(length, random);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[]{new Shape(inputs[0].get(0), kinds.size())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        inner.initialize(manager, dataType, new Shape(in.get(0), in.get(1), windowing.windowSamples() + (in.get(2) - rhythmSamples)));
    }

    Block inner() {
        return inner;
    }

    Windowing windowing() {
        return windowing;
    }

    /** Samples after the rhythm (the median beat) that every window carries. */
    int tailSamples(Shape input) {
        return Math.toIntExact(input.get(2) - rhythmSamples);
    }
}
