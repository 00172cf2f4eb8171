package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A body with two views of the ECG: the first {@code rhythmSamples} of each lead go through the architecture's
 * own body, the rest (the lead's median beat, {@code InputContract.BeatInput}) through a small beat branch; the
 * two feature vectors are concatenated for the head. With no rhythm body the network sees the median beat only.
 */
final class RhythmAndBeat extends AbstractBlock {
    private final Block rhythm;
    private final Block beat;
    private final int rhythmSamples;

    RhythmAndBeat(Block rhythm, Block beat, int rhythmSamples) {
        this.rhythm = rhythm == null ? null : addChildBlock("rhythm", rhythm);
        this.beat = addChildBlock("beat", beat);
        this.rhythmSamples = rhythmSamples;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray beatFeatures = beat.forward(ps, new NDList(x.get(":, :, " + rhythmSamples + ":")), training, params).singletonOrThrow();
        if (rhythm == null) {
            return new NDList(beatFeatures);
        }
        NDArray rhythmFeatures = rhythm.forward(ps, new NDList(x.get(":, :, 0:" + rhythmSamples)), training, params).singletonOrThrow();
        return new NDList(rhythmFeatures.concat(beatFeatures, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long features = beat.getOutputShapes(new Shape[]{beatShape(in)})[0].get(1);
        if (rhythm != null) {
            features += rhythm.getOutputShapes(new Shape[]{rhythmShape(in)})[0].get(1);
        }
        return new Shape[]{new Shape(in.get(0), features)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        beat.initialize(manager, dataType, beatShape(in));
        if (rhythm != null) {
            rhythm.initialize(manager, dataType, rhythmShape(in));
        }
    }

    private Shape rhythmShape(Shape in) {
        return new Shape(in.get(0), in.get(1), rhythmSamples);
    }

    private Shape beatShape(Shape in) {
        return new Shape(in.get(0), in.get(1), in.get(2) - rhythmSamples);
    }

    Block rhythm() {
        return rhythm;
    }

    Block beat() {
        return beat;
    }

    int rhythmSamples() {
        return rhythmSamples;
    }
}
