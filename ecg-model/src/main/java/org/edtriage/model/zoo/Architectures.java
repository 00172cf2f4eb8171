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
import org.edtriage.ecg.signal.Windowing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model zoo, by name: the ten architectures of the two papers. Each entry builds an {@link EcgNetwork}
 * (body, replaceable head, input contract) for a head.
 */
public final class Architectures {
    /** The Nyström models' input: V1–V6, I, II. */
    public static final List<String> NYSTROM_LEADS = List.of("V1", "V2", "V3", "V4", "V5", "V6", "I", "II");

    /** In the papers' order: Nyström et al.'s four, then Nguyen & Do's six. */
    private static final Map<String, Function<Head, EcgNetwork>> ZOO = new LinkedHashMap<>();

    static {
        ZOO.put("cnn20k", Architectures::cnn20k);
        ZOO.put("rn900k", Architectures::rn900k);
        ZOO.put("rn7m", Architectures::rn7m);
        ZOO.put("rn33m", Architectures::rn33m);
        ZOO.put("resnet1d18", h -> torchvisionResNet1d("resnet1d18", new int[]{2, 2, 2, 2}, false, h));
        ZOO.put("resnet1d50", h -> torchvisionResNet1d("resnet1d50", new int[]{3, 4, 6, 3}, true, h));
        ZOO.put("resnet1d101", h -> torchvisionResNet1d("resnet1d101", new int[]{3, 4, 23, 3}, true, h));
        ZOO.put("lstm", h -> recurrent("lstm", Recurrent.Cell.LSTM, h));
        ZOO.put("bilstm", h -> recurrent("bilstm", Recurrent.Cell.BILSTM, h));
        ZOO.put("gru", h -> recurrent("gru", Recurrent.Cell.GRU, h));
        // beyond the papers: the median beat per lead as a second input (see beatBranch)
        ZOO.put("cnn20k-beat", Architectures::cnn20kBeat);
        ZOO.put("rn900k-beat", Architectures::rn900kBeat);
        ZOO.put("beatnet", Architectures::beatNet);
        // the feature model's measurements through a network instead of trees: the same inputs, another learner
        ZOO.put("featnet", Architectures::featNet);
        // both: the ECG (rhythm and median beat) and the measurements, each through its own branch
        ZOO.put("cnn20k-beat-feat", Architectures::cnn20kBeatFeat);
    }

    /** The median beat beside the Nyström models' rhythm: 250 ms before the QRS's steepest point to 550 ms after, at 500 Hz. */
    public static final InputContract.BeatInput NYSTROM_BEAT = new InputContract.BeatInput(125, 275);

    private Architectures() {
    }

    public static List<String> names() {
        return List.copyOf(ZOO.keySet());
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
     * layer ({@link Head.Binary}). The input is the whole 10 s ECG (5000 samples at 500 Hz); the network
     * trains on one random 2.5 s crop (1250 samples) per ECG and predicts the average over ten equidistant,
     * overlapping 2.5 s windows ({@link WindowAveraging}).
     */
    public static EcgNetwork rn900k(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000).withWindowing(new Windowing(1250, 10));
        return new EcgNetwork("rn900k", contract, Architectures::rn900kBody, head);
    }

    /** CNN-20k with the median beat of each lead as a second input (its body's 10 features + the beat branch's 32). */
    public static EcgNetwork cnn20kBeat(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000).withBeat(NYSTROM_BEAT);
        return new EcgNetwork("cnn20k-beat", contract, () -> new RhythmAndBeat(cnn20kBody(), beatBranch(), 5000), head);
    }

    /** RN-900k with the median beat as a second input; every training crop and inference window carries the beat. */
    public static EcgNetwork rn900kBeat(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000).withWindowing(new Windowing(1250, 10)).withBeat(NYSTROM_BEAT);
        return new EcgNetwork("rn900k-beat", contract, () -> new RhythmAndBeat(rn900kBody(), beatBranch(), 1250), head);
    }

    /** The beat branch alone: the median beat of the eight independent leads, no rhythm (an ablation of the two above). */
    public static EcgNetwork beatNet(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000).withBeat(NYSTROM_BEAT);
        return new EcgNetwork("beatnet", contract, () -> new RhythmAndBeat(null, beatBranch(), 5000), head);
    }

    /**
     * An MLP on the feature model's 149 median-beat measurements ({@code EcgFeatures}): a measurement that could not be
     * made (NaN) becomes 0 with a flag beside it, batch normalisation standardises (its running statistics travel in the
     * checkpoint, so no dataset statistics are needed), then dense 128 → ReLU → dropout 0.3 → dense 64 → ReLU → dropout
     * 0.3. Whether a network on the trees' own inputs reaches them separates "the networks do not find the
     * measurements in the signal" from "networks learn less than trees from a few hundred positives".
     */
    public static EcgNetwork featNet(Head head) {
        return new EcgNetwork("featnet", InputContract.features(500, 5000), Architectures::featNetBody, head);
    }

    /** CNN-20k-beat's two views of the ECG and featnet's branch on the measurements, concatenated for the head. */
    public static EcgNetwork cnn20kBeatFeat(Head head) {
        InputContract contract = new InputContract(NYSTROM_LEADS, 500, 5000).withBeat(NYSTROM_BEAT).withMeasurements();
        return new EcgNetwork("cnn20k-beat-feat", contract,
                () -> new SignalsAndMeasurements(new RhythmAndBeat(cnn20kBody(), beatBranch(), 5000), featNetBody(), contract.signalColumns()), head);
    }

    private static Block featNetBody() {
        return new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(new ai.djl.nn.LambdaBlock(in -> {
                    ai.djl.ndarray.NDArray x = in.singletonOrThrow();
                    ai.djl.ndarray.NDArray missing = x.isNaN();
                    ai.djl.ndarray.NDArray filled = ai.djl.ndarray.NDArrays.where(missing, x.zerosLike(), x);
                    return new NDList(filled.concat(missing.toType(x.getDataType(), false), 1));
                }, "missing-as-flags"))
                .add(ai.djl.nn.norm.BatchNorm.builder().build())
                .add(Linear.builder().setUnits(128).build()).add(Activation::relu).add(Dropout.builder().optRate(0.3f).build())
                .add(Linear.builder().setUnits(64).build()).add(Activation::relu).add(Dropout.builder().optRate(0.3f).build());
    }

    /**
     * The median-beat branch: four conv(k9/k5) → BN → ReLU → max-pool 2 stages (16, 32, 32, 32 channels; 400 samples
     * → 25 positions of 32 ms), flattened — positions kept, so where a deflection lies (PR, QRS, ST, T) stays known —
     * then dense 32 → ReLU. About 36 k parameters. The acute-infarct signal is an ST shift of 0.05–0.2 mV held for
     * 100–200 ms after the J point: large against the median beat's noise, small against one raw beat's.
     */
    static Block beatBranch() {
        SequentialBlock branch = new SequentialBlock();
        int[][] stages = {{16, 9}, {32, 9}, {32, 9}, {32, 5}};
        for (int[] stage : stages) {
            branch.add(Layers.convBn(stage[0], stage[1], 1)).add(Activation::relu)
                    .add(Pool.maxPool1dBlock(new Shape(2), new Shape(2), new Shape(0)));
        }
        return branch.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(32).build())
                .add(Activation::relu);
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
        return new EcgNetwork("rn7m", ribeiroContract(), Architectures::rn7mBody, head);
    }

    /** 400 Hz, 10 s centred in 4096 samples with zeros on both sides, as Ribeiro et al.'s CODE data. */
    private static InputContract ribeiroContract() {
        return new InputContract(NYSTROM_LEADS, 400, 4096).withPadding(InputContract.Padding.CENTER);
    }

    /**
     * RN-33M (Gustafsson et al. 2022, as re-implemented by Nyström et al. from the RN-7M code, since the
     * original was not public): the RN-7M design with 12 pre-activation residual units — three each of
     * 64, 128, 256 and 512 filters, kernel 17, the first unit of each width downsampling by 4 (4096 → 16
     * samples, as RN-7M) — and a squeeze-and-excitation block (ratio 8) on the residual branch of every
     * unit; dropout 0.2; flatten (8,192 features) | dense. 25 convolutions (stem + 2 per unit), as the
     * paper says. Gustafsson's elliptic high-pass pre-filter is left out, as Nyström et al. did.
     */
    public static EcgNetwork rn33m(Head head) {
        return new EcgNetwork("rn33m", ribeiroContract(), Architectures::rn33mBody, head);
    }

    private static Block rn33mBody() {
        SequentialBlock body = new SequentialBlock().add(Layers.convBn(64, 17, 1)).add(Activation::relu);
        for (int width : new int[]{64, 128, 256, 512}) {
            for (int unit = 0; unit < 3; unit++) {
                body.add(new PreActivationUnit(width, 17, unit == 0 ? 4 : 1, 0.2f, 8));
            }
        }
        return body.add(new ai.djl.nn.LambdaBlock(list -> new NDList(list.get(0))))
                .add(Blocks.batchFlattenBlock());
    }

    /**
     * Nguyen & Do's recurrent models: one LSTM / bidirectional LSTM / GRU layer, hidden size 100, over the
     * 1000 time steps of 12 leads at 100 Hz; all steps' outputs flattened (100,000 or 200,000 features) |
     * dense. Inputs per-lead standardised: recurrent cells saturate on raw millivolt offsets.
     */
    public static EcgNetwork recurrent(String name, Recurrent.Cell cell, Head head) {
        return new EcgNetwork(name, nguyenDoContract(), () -> new Recurrent(cell, 100), head);
    }

    private static InputContract nguyenDoContract() {
        return new InputContract(TWELVE_LEADS, 100, 1000).withNormalisation(InputContract.Normalisation.PER_LEAD_ZSCORE);
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
     * 2,048 for the bottleneck ones). Input: 12 leads × 1000 (100 Hz, 10 s), per-lead standardised.
     */
    public static EcgNetwork torchvisionResNet1d(String name, int[] layers, boolean bottleneck, Head head) {
        return new EcgNetwork(name, nguyenDoContract(), () -> torchvisionBody(layers, bottleneck), head);
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
