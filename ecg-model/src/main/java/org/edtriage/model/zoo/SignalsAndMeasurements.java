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
 * A body with the ECG's signals and the feature model's measurements ({@code InputContract.Representation
 * .SIGNAL_AND_FEATURES}): the first {@code signalColumns} of each row go through the signal body (rhythm and median
 * beat), the measurements after them in the first row through the measurement branch; the two feature vectors are
 * concatenated for the head.
 */
final class SignalsAndMeasurements extends AbstractBlock {
    private final Block signals;
    private final Block measurements;
    private final int signalColumns;

    SignalsAndMeasurements(Block signals, Block measurements, int signalColumns) {
        this.signals = addChildBlock("signals", signals);
        this.measurements = addChildBlock("measurements", measurements);
        this.signalColumns = signalColumns;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray s = signals.forward(ps, new NDList(x.get(":, :, 0:" + signalColumns)), training, params).singletonOrThrow();
        NDArray m = measurements.forward(ps, new NDList(x.get(":, 0:1, " + signalColumns + ":")), training, params).singletonOrThrow();
        return new NDList(s.concat(m, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        long features = signals.getOutputShapes(new Shape[]{signalShape(in)})[0].get(1)
                + measurements.getOutputShapes(new Shape[]{measurementShape(in)})[0].get(1);
        return new Shape[]{new Shape(in.get(0), features)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        signals.initialize(manager, dataType, signalShape(inputShapes[0]));
        measurements.initialize(manager, dataType, measurementShape(inputShapes[0]));
    }

    Shape signalShape(Shape in) {
        return new Shape(in.get(0), in.get(1), signalColumns);
    }

    Shape measurementShape(Shape in) {
        return new Shape(in.get(0), 1, in.get(2) - signalColumns);
    }

    Block signals() {
        return signals;
    }

    Block measurements() {
        return measurements;
    }
}
