package org.edtriage.model.zoo;

import ai.djl.ndarray.NDList;
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

    private static final Map<String, Function<Head, EcgNetwork>> ZOO = Map.of(
            "cnn20k", Architectures::cnn20k,
            "rn900k", Architectures::rn900k,
            "rn7m", Architectures::rn7m,
            "resnet1d18", h -> torchvisionResNet1d("resnet1d18", new int[]{2, 2, 2, 2}, false, h),
            "resnet1d50", h -> torchvisionResNet1d("resnet1d50", new int[]{3, 4, 6, 3}, true, h),
            "resnet1d101", h -> torchvisionResNet1d("resnet1d101", new int[]{3, 4, 23, 3}, true, h));

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

    /**
     * RN-900k: xresnet1d50 (Strodthoff et al. 2021, after fastai's xresnet), as used by Nyström et al.:
     * stem conv 8→32 k25 s10 (500 Hz; it keeps its bias — the published 892,449 parameters include those
     * 32), conv 32→32 k5, conv 32→64 k5, each with batch norm and ReLU, max-pool 3 s2; bottleneck blocks
     * [3, 4, 6, 3], expansion 4, kernel 5, every stage 64 wide (256 out), stride 2 from stage 2 on (in the
     * middle conv; the shortcut average-pools and, where channels change, projects with conv 1×1 + BN).
     * The body ends with concat pooling → BN → dropout 0.5 (512 features); the original head is a linear
     * layer ({@link Head.Binary}). Trained on random 2.5 s crops (1250 samples at 500 Hz); inference over
     * ten overlapping windows is still to come (issue 5).
     */
    public static EcgNetwork rn900k(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 1250);
        return new EcgNetwork("rn900k", contract, Architectures::rn900kBody, head);
    }

    private static Block rn900kBody() {
        SequentialBlock body = new SequentialBlock()
                .add(new SequentialBlock()
                        .add(Conv1d.builder().setFilters(32).setKernelShape(new Shape(25)).optStride(new Shape(10))
                                .optPadding(new Shape(12)).build())
                        .add(ai.djl.nn.norm.BatchNorm.builder().build()))
                .add(Activation::relu)
                .add(Layers.convBn(32, 5, 1)).add(Activation::relu)
                .add(Layers.convBn(64, 5, 1)).add(Activation::relu)
                .add(Pool.maxPool1dBlock(new Shape(3), new Shape(2), new Shape(1)));
        int[] blocks = {3, 4, 6, 3};
        int channels = 64;
        for (int stage = 0; stage < blocks.length; stage++) {
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                body.add(bottleneck(channels, 64, 4, 5, stride));
                channels = 64 * 4;
            }
        }
        return body.add(Layers.concatPool())
                .add(ai.djl.nn.norm.BatchNorm.builder().build())
                .add(Dropout.builder().optRate(0.5f).build());
    }

    /**
     * RN-7M (Ribeiro et al. 2020, as used by Nyström et al.): input resampled to 400 Hz and zero-padded to
     * 4096 samples; conv 64 × k17 → BN → ReLU; four pre-activation residual units to (samples, filters) =
     * (1024, 128), (256, 196), (64, 256), (16, 320), kernel 17, dropout 0.2 (Ribeiro's rate — the mim code
     * passes 0.8 as a rate, which looks like a keep-probability mistaken for a drop rate); flatten (5,120
     * features) | dense. The published 6,784,561 is Keras' count, which includes batch norm's moving
     * mean and variance (3,728 numbers): trainable parameters are 6,780,833.
     */
    public static EcgNetwork rn7m(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 400, 4096);
        return new EcgNetwork("rn7m", contract, Architectures::rn7mBody, head);
    }

    private static Block rn7mBody() {
        return new SequentialBlock()
                .add(Layers.convBn(64, 17, 1)).add(Activation::relu)
                .add(new PreActivationUnit(128, 17, 4, 0.2f))
                .add(new PreActivationUnit(196, 17, 4, 0.2f))
                .add(new PreActivationUnit(256, 17, 4, 0.2f))
                .add(new PreActivationUnit(320, 17, 4, 0.2f))
                .add(new ai.djl.nn.LambdaBlock(list -> new NDList(list.get(0)))) // the activations; the skip stream ends here
                .add(Blocks.batchFlattenBlock());
    }

    /** Nguyen & Do's input: the 12 standard leads at 100 Hz, 10 s. */
    public static final List<String> TWELVE_LEADS = org.edtriage.ecg.LeadName.STANDARD_12;

    /**
     * torchvision's ResNets made 1-D, as in Nguyen & Do (cuongvng/transfer-learning-ecg-diagnosis):
     * stem conv 64 × k7 s2 → BN → ReLU → max-pool k3 s2; stages of 64, 128, 256, 512 channels with basic
     * (k3, k3) or bottleneck (1, k3 with the stride, 1 × 4) blocks; a projection shortcut (conv 1 × 1 + BN)
     * where stride or width changes; global average pooling → the head (512 features for resnet1d18,
     * 2,048 for the bottleneck ones). Input: 12 leads × 1000 (100 Hz, 10 s).
     */
    public static EcgNetwork torchvisionResNet1d(String name, int[] layers, boolean bottleneck, Head head) {
        InputContract contract = new InputContract(TWELVE_LEADS, 100, 1000);
        return new EcgNetwork(name, contract, () -> torchvisionBody(layers, bottleneck), head);
    }

    private static Block torchvisionBody(int[] layers, boolean bottleneck) {
        SequentialBlock body = new SequentialBlock()
                .add(Layers.convBn(64, 7, 2)).add(Activation::relu)
                .add(Pool.maxPool1dBlock(new Shape(3), new Shape(2), new Shape(1)));
        int expansion = bottleneck ? 4 : 1;
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < layers[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                int width = widths[stage];
                int out = width * expansion;
                SequentialBlock main = bottleneck
                        ? new SequentialBlock()
                        .add(Layers.convBn(width, 1, 1)).add(Activation::relu)
                        .add(Layers.convBn(width, 3, stride)).add(Activation::relu)
                        .add(Layers.convBn(out, 1, 1))
                        : new SequentialBlock()
                        .add(Layers.convBn(width, 3, stride)).add(Activation::relu)
                        .add(Layers.convBn(out, 3, 1));
                Block shortcut = stride != 1 || in != out ? Layers.convBn(out, 1, stride) : Blocks.identityBlock();
                body.add(Layers.residual(main, shortcut));
                in = out;
            }
        }
        return body.add(Pool.globalAvgPool1dBlock()).add(Blocks.batchFlattenBlock());
    }

    private static Block bottleneck(int in, int width, int expansion, int kernel, int stride) {
        int out = width * expansion;
        SequentialBlock main = new SequentialBlock()
                .add(Layers.convBn(width, 1, 1)).add(Activation::relu)
                .add(Layers.convBn(width, kernel, stride)).add(Activation::relu)
                .add(Layers.convBn(out, 1, 1));
        if (stride == 1 && in == out) {
            return Layers.residual(main, ai.djl.nn.Blocks.identityBlock());
        }
        SequentialBlock shortcut = new SequentialBlock();
        if (stride > 1) {
            shortcut.add(Pool.avgPool1dBlock(new Shape(stride), new Shape(stride), new Shape(0), true));
        }
        if (in != out) {
            shortcut.add(Layers.convBn(out, 1, 1));
        }
        return Layers.residual(main, shortcut);
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
