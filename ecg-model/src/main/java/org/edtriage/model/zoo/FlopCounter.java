package org.edtriage.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.RecurrentBlock;

/**
 * Counts the floating-point operations of one inference, layer by layer, from the initialised network's
 * own shapes: 2 per multiply-add of every convolution, dense and recurrent layer (the usual convention,
 * e.g. fvcore's and the papers' tables). Element-wise work — batch norm, activations, pooling, residual
 * sums, the LSTM's gate non-linearities — is left out; it is well under 2 % of any of these networks.
 */
public final class FlopCounter {
    private FlopCounter() {
    }

    /** FLOPs to score one ECG (a windowed network counts all its inference windows). */
    public static long perEcg(EcgNetwork network) {
        return count(network.block(), new Shape[]{network.inputShape(1)});
    }

    static long count(Block block, Shape[] in) {
        if (block instanceof WindowAveraging w) {
            Shape x = in[0];
            Shape window = new Shape(x.get(0), x.get(1), w.windowing().windowSamples() + w.tailSamples(x));
            return w.windowing().inferenceWindows() * count(w.inner(), new Shape[]{window});
        }
        if (block instanceof RhythmAndBeat two) {
            Shape x = in[0];
            long total = count(two.beat(), new Shape[]{new Shape(x.get(0), x.get(1), x.get(2) - two.rhythmSamples())});
            return two.rhythm() == null ? total : total + count(two.rhythm(), new Shape[]{new Shape(x.get(0), x.get(1), two.rhythmSamples())});
        }
        if (block instanceof SignalsAndMeasurements both) {
            return count(both.signals(), new Shape[]{both.signalShape(in[0])}) + count(both.measurements(), new Shape[]{both.measurementShape(in[0])});
        }
        if (block instanceof PreActivationUnit unit) {
            return unit.flops(in[0]);
        }
        if (block instanceof Recurrent r) {
            return r.flops(in[0]);
        }
        if (block instanceof SqueezeExcite se) {
            return se.flops(in[0]);
        }
        if (block instanceof SequentialBlock sequential) {
            long total = 0;
            Shape[] shapes = in;
            for (var child : sequential.getChildren().values()) {
                total += count(child, shapes);
                shapes = child.getOutputShapes(shapes);
            }
            return total;
        }
        if (block instanceof ParallelBlock parallel) {
            long total = 0;
            for (var child : parallel.getChildren().values()) {
                total += count(child, in);
            }
            return total;
        }
        if (block instanceof Convolution conv) {
            Shape weight = conv.getParameters().get("weight").getArray().getShape(); // [out, in/groups, k]
            long outLength = conv.getOutputShapes(in)[0].get(2);
            return 2L * in[0].get(0) * weight.size() * outLength;
        }
        if (block instanceof Linear linear) {
            Shape weight = linear.getParameters().get("weight").getArray().getShape(); // [out, in]
            long rows = in[0].size() / in[0].get(in[0].dimension() - 1);
            return 2L * rows * weight.size();
        }
        if (block instanceof RecurrentBlock) {
            throw new IllegalStateException("recurrent layers are counted by their Recurrent wrapper");
        }
        return 0;
    }

    /** A dense product of {@code in × out} weights applied {@code rows} times. */
    static long dense(long rows, long in, long out) {
        return 2L * rows * in * out;
    }
}
