package org.edtriage.training.train;

import ai.djl.nn.Block;

import java.util.Arrays;

/** A block's parameters (weights and batch-norm statistics) in one array, to compare them bit for bit. */
final class Parameters {
    private Parameters() {
    }

    static float[] flatten(Block block) {
        return block.getParameters().values().stream().map(p -> p.getArray().toFloatArray())
                .reduce(new float[0], (a, b) -> {
                    float[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                });
    }
}
