package org.edtriage.model.zoo;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Nguyen & Do's recurrent bodies: one LSTM, bidirectional LSTM or GRU layer (hidden size 100) over the
 * time steps of a {@code [batch, leads, samples]} ECG, every step's output flattened into the features
 * (1000 × 100, or × 200 bidirectional). DJL's recurrent blocks want batch × time × channel with that
 * layout declared; this block does the transpose and declares it. The bidirectional LSTM is two LSTMs,
 * one over the reversed sequence (its outputs reversed back), concatenated: the same function and
 * parameters as PyTorch's bidirectional LSTM, because DJL 0.32 hands a bidirectional layer's parameters
 * to PyTorch weights-first across both directions while PyTorch wants them direction by direction (the
 * forward pass fails with a 12-vs-100 size mismatch).
 */
final class Recurrent extends AbstractBlock {
    enum Cell { LSTM, BILSTM, GRU }

    private final Cell cell;
    private final int hidden;
    private final RecurrentBlock rnn;
    private final RecurrentBlock reverse;

    Recurrent(Cell cell, int hidden) {
        this.cell = cell;
        this.hidden = hidden;
        this.rnn = addChildBlock("rnn", cell == Cell.GRU
                ? GRU.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build()
                : lstm(hidden));
        this.reverse = cell == Cell.BILSTM ? addChildBlock("reverse", lstm(hidden)) : null;
    }

    private static LSTM lstm(int hidden) {
        return LSTM.builder().setStateSize(hidden).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
    }

    int directions() {
        return cell == Cell.BILSTM ? 2 : 1;
    }

    Cell cell() {
        return cell;
    }

    int hidden() {
        return hidden;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        var steps = inputs.singletonOrThrow().transpose(0, 2, 1); // [batch, time, leads]
        var out = rnn.forward(ps, new NDList(steps), training).head(); // [batch, time, hidden]
        if (reverse != null) {
            var backwards = reverse.forward(ps, new NDList(steps.flip(1)), training).head().flip(1);
            out = out.concat(backwards, 2);
        }
        return new NDList(out.reshape(out.getShape().get(0), -1));
    }

    /** Per time step and direction: gates × (input + hidden) × hidden multiply-adds. */
    long flops(Shape in) {
        long gates = cell == Cell.GRU ? 3 : 4;
        long steps = in.get(2), leads = in.get(1);
        return directions() * FlopCounter.dense(in.get(0) * steps, leads + hidden, gates * hidden);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape in = inputs[0];
        return new Shape[]{new Shape(in.get(0), in.get(2) * hidden * directions())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape steps = new Shape(new long[]{in.get(0), in.get(2), in.get(1)},
                new LayoutType[]{LayoutType.BATCH, LayoutType.TIME, LayoutType.CHANNEL});
        rnn.initialize(manager, dataType, steps);
        if (reverse != null) {
            reverse.initialize(manager, dataType, steps);
        }
    }
}
