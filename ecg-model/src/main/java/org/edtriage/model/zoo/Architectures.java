package org.edtriage.model.zoo;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import org.edtriage.ecg.signal.InputContract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model zoo, by name. Each entry builds an {@link EcgNetwork} for a head. Issue 5 adds the rest of
 * the papers' architectures (rn900k, rn7m, rn33m, resnet1d18/50/101, lstm, bilstm, gru).
 */
public final class Architectures {
    /** The Nyström models' input: V1–V6, I, II. */
    public static final List<String> NYSTROM_LEADS = List.of("V1", "V2", "V3", "V4", "V5", "V6", "I", "II");

    private static final Map<String, Function<Head, EcgNetwork>> ZOO = Map.of("cnn20k", Architectures::cnn20k);

    private Architectures() {
    }

    public static List<String> names() {
        return ZOO.keySet().stream().sorted().toList();
    }

    public static EcgNetwork build(String name, Head head) {
        Function<Head, EcgNetwork> factory = ZOO.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "'; known: " + names());
        }
        return factory.apply(head);
    }

    /**
     * CNN-20k (Nyström et al. Table II; Keras in Tipulidae/mim): 8 leads × 5000 (500 Hz, 10 s);
     * conv 28 × k61 'same' → max-pool 15 → dropout 0.5 → conv 8 × k17 'same' → max-pool 15 → dropout
     * 0.4 → dense 10 is the body; dense 100 → output is the head (the transfer head has exactly that
     * shape, so the published 20,479 parameters include it). 'Same' padding is what makes the count
     * match: with 'valid' convolutions the flattened body output is 160, not 176, and the count 20,319.
     */
    public static EcgNetwork cnn20k(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000);
        return new EcgNetwork("cnn20k", contract, Architectures::cnn20kBody, head);
    }

    private static Block cnn20kBody() {
        return new SequentialBlock()
                .add(Conv1d.builder().setFilters(28).setKernelShape(new Shape(61)).optPadding(new Shape(30)).build())
                .add(Activation::relu)
                .add(Pool.maxPool1dBlock(new Shape(15), new Shape(15), new Shape(0)))
                .add(Dropout.builder().optRate(0.5f).build())
                .add(Conv1d.builder().setFilters(8).setKernelShape(new Shape(17)).optPadding(new Shape(8)).build())
                .add(Activation::relu)
                .add(Pool.maxPool1dBlock(new Shape(15), new Shape(15), new Shape(0)))
                .add(Dropout.builder().optRate(0.4f).build())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build())
                .add(Activation::relu);
    }
}
