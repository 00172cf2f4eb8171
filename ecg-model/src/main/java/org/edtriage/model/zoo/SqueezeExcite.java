package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Squeeze-and-excitation (Hu et al. 2018) over the channels of a 1-D feature map: average over time →
 * dense C/r → ReLU → dense C → sigmoid → scale each channel. RN-33M has one in every residual unit.
 */
final class SqueezeExcite extends AbstractBlock {
    private final Linear squeeze;
    private final Linear excite;

    SqueezeExcite(int channels, int ratio) {
        squeeze = addChildBlock("squeeze", Linear.builder().setUnits(Math.max(1, channels / ratio)).build());
        excite = addChildBlock("excite", Linear.builder().setUnits(channels).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray s = x.mean(new int[]{2});
        s = Activation.relu(squeeze.forward(ps, new NDList(s), training).singletonOrThrow());
        s = Activation.sigmoid(excite.forward(ps, new NDList(s), training).singletonOrThrow());
        return new NDList(x.mul(s.expandDims(2)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        return new Shape[]{inputs[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        squeeze.initialize(manager, dataType, new Shape(in.get(0), in.get(1)));
        excite.initialize(manager, dataType, squeeze.getOutputShapes(new Shape[]{new Shape(in.get(0), in.get(1))})[0]);
    }

    /** The two dense layers (the average and the scaling are element-wise). */
    long flops(Shape in) {
        long channels = in.get(1);
        long reduced = squeeze.getParameters().get("weight").getArray().getShape().get(0);
        return FlopCounter.dense(in.get(0), channels, reduced) + FlopCounter.dense(in.get(0), reduced, channels);
    }

    Linear squeeze() {
        return squeeze;
    }

    Linear excite() {
        return excite;
    }
}
