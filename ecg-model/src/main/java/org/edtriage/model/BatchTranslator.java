package org.edtriage.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * A batch of {@code [leads][samples]} inputs in, the network's raw outputs ({@code [batch][outputs]}) out.
 * Inputs are built on the context's NDManager, which DJL frees after each call: building them on a
 * long-lived manager keeps every intermediate alive (measured: gigabytes, and 2–5× slower).
 */
final class BatchTranslator implements Translator<List<float[][]>, float[][]> {
    private final int leads;
    private final int samples;

    BatchTranslator(int leads, int samples) {
        this.leads = leads;
        this.samples = samples;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<float[][]> batch) {
        NDManager manager = ctx.getNDManager();
        FloatBuffer buffer = FloatBuffer.allocate(batch.size() * leads * samples);
        for (float[][] input : batch) {
            if (input.length != leads) {
                throw new IllegalArgumentException("input has " + input.length + " leads, model expects " + leads);
            }
            for (float[] lead : input) {
                if (lead.length != samples) {
                    throw new IllegalArgumentException("input lead has " + lead.length + " samples, model expects " + samples);
                }
                buffer.put(lead);
            }
        }
        buffer.flip();
        NDArray array = manager.create(buffer, new Shape(batch.size(), leads, samples));
        return new NDList(array);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
        NDArray out = list.singletonOrThrow();
        int rows = Math.toIntExact(out.getShape().get(0));
        int columns = Math.toIntExact(out.getShape().size() / Math.max(1, rows));
        float[] flat = out.toFloatArray();
        float[][] result = new float[rows][columns];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * columns, result[r], 0, columns);
        }
        return result;
    }

    @Override
    public Batchifier getBatchifier() {
        return null; // the input is already a batch
    }
}
