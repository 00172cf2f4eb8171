package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Ribeiro et al.'s residual unit (Nat Commun 2020; antonior92/automatic-ecg-diagnosis): two streams,
 * x (activations) and y (the pre-activation sum). y is max-pooled to the new length and projected by a
 * 1×1 convolution when the width changes; x goes conv k → BN → ReLU → dropout → conv k (stride =
 * downsampling), optionally re-weighted by squeeze-and-excitation (RN-33M); then y = x + y, and
 * x = dropout(ReLU(BN(y))). Input and output are [x, y].
 */
final class PreActivationUnit extends AbstractBlock {
    private final int filters;
    private final int downsample;
    private final Block pool;
    private final Conv1d conv1, conv2;
    private Conv1d skip;
    private final BatchNorm bn1, bn2;
    private final Dropout drop1, drop2;
    private final SqueezeExcite squeezeExcite;

    PreActivationUnit(int filters, int kernel, int downsample, float dropout) {
        this(filters, kernel, downsample, dropout, 0);
    }

    /** @param seRatio squeeze-and-excitation reduction ratio; 0 for none */
    PreActivationUnit(int filters, int kernel, int downsample, float dropout, int seRatio) {
        this.filters = filters;
        this.downsample = downsample;
        int pad = (kernel - 1) / 2;
        pool = addChildBlock("pool", Pool.maxPool1dBlock(new Shape(downsample), new Shape(downsample), new Shape(0)));
        conv1 = addChildBlock("conv1", Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel))
                .optPadding(new Shape(pad)).optBias(false).build());
        bn1 = addChildBlock("bn1", BatchNorm.builder().build());
        drop1 = addChildBlock("drop1", Dropout.builder().optRate(dropout).build());
        conv2 = addChildBlock("conv2", Conv1d.builder().setFilters(filters).setKernelShape(new Shape(kernel))
                .optStride(new Shape(downsample)).optPadding(new Shape(pad)).optBias(false).build());
        bn2 = addChildBlock("bn2", BatchNorm.builder().build());
        drop2 = addChildBlock("drop2", Dropout.builder().optRate(dropout).build());
        squeezeExcite = seRatio > 0 ? addChildBlock("se", new SqueezeExcite(filters, seRatio)) : null;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray y = inputs.size() > 1 ? inputs.get(1) : x;
        if (downsample > 1) {
            y = pool.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        if (skip != null) {
            y = skip.forward(ps, new NDList(y), training).singletonOrThrow();
        }
        x = conv1.forward(ps, new NDList(x), training).singletonOrThrow();
        x = ai.djl.nn.Activation.relu(bn1.forward(ps, new NDList(x), training).singletonOrThrow());
        x = drop1.forward(ps, new NDList(x), training).singletonOrThrow();
        x = conv2.forward(ps, new NDList(x), training).singletonOrThrow();
        if (squeezeExcite != null) {
            x = squeezeExcite.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        y = x.add(y);
        x = ai.djl.nn.Activation.relu(bn2.forward(ps, new NDList(y), training).singletonOrThrow());
        x = drop2.forward(ps, new NDList(x), training).singletonOrThrow();
        return new NDList(x, y);
    }

    /** Convolutions (two k-wide, the 1×1 skip) and the squeeze-and-excitation dense layers. */
    long flops(Shape in) {
        long batch = in.get(0), channels = in.get(1), length = in.get(2);
        long outLength = (length + downsample - 1) / downsample;
        long kernel = conv1.getParameters().get("weight").getArray().getShape().get(2);
        long total = FlopCounter.dense(batch * length, channels * kernel, filters)
                + FlopCounter.dense(batch * outLength, (long) filters * kernel, filters);
        if (skip != null) {
            total += FlopCounter.dense(batch * (length / downsample), channels, filters);
        }
        if (squeezeExcite != null) {
            total += squeezeExcite.flops(new Shape(batch, filters, outLength));
        }
        return total;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long length = (in.get(2) + downsample - 1) / downsample;
        Shape out = new Shape(in.get(0), filters, length);
        return new Shape[]{out, out};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        // Idempotent: DJL re-runs initialize on a block it finds uninitialised (e.g. the new outer block after a
        // head swap); a second skip convolution would be a fresh, untrained one.
        if (skip == null && in.get(1) != filters) {
            skip = addChildBlock("skip", Conv1d.builder().setFilters(filters).setKernelShape(new Shape(1)).optBias(false).build());
        }
        Shape pooled = new Shape(in.get(0), in.get(1), in.get(2) / downsample);
        if (skip != null) {
            skip.initialize(manager, dataType, pooled);
        }
        pool.initialize(manager, dataType, in);
        conv1.initialize(manager, dataType, in);
        Shape mid = conv1.getOutputShapes(new Shape[]{in})[0];
        bn1.initialize(manager, dataType, mid);
        drop1.initialize(manager, dataType, mid);
        conv2.initialize(manager, dataType, mid);
        Shape out = conv2.getOutputShapes(new Shape[]{mid})[0];
        bn2.initialize(manager, dataType, out);
        if (squeezeExcite != null) {
            squeezeExcite.initialize(manager, dataType, out);
        }
        drop2.initialize(manager, dataType, out);
    }
}
