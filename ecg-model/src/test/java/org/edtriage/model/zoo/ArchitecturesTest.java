package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitecturesTest {

    @Test
    void cnn20kHasThePublishedParameterCountAndEveryHeadsOutputShape() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("cnn20k", new Head.NystromTransfer());
            net.initialize(manager);
            assertEquals(20_479, net.trainableParameters(), "Nyström et al. Table II: CNN-20k has 20,479 parameters");
            NDArray input = manager.randomNormal(net.inputShape(4));
            for (Head head : new Head[]{new Head.Regression(), new Head.Binary(), new Head.AgeSex(), new Head.NystromTransfer(), new Head.MultiLabel(5)}) {
                EcgNetwork withHead = net.withHead(head);
                withHead.initializeHead(manager);
                NDArray out = withHead.block().forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
                assertEquals(4, out.getShape().get(0), head.toString());
                assertEquals(head.outputs(), out.getShape().get(1), head.toString());
            }
        }
    }

    @Test
    void rn900kHasThePublishedParameterCount() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("rn900k", new Head.Binary());
            net.initialize(manager);
            assertEquals(892_449, net.trainableParameters(), "Nyström et al. Table II: RN-900k has 892,449 parameters");
            NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(net.inputShape(3))), false)
                    .singletonOrThrow();
            assertEquals(new ai.djl.ndarray.types.Shape(3, 1), out.getShape());
        }
    }

    @Test
    void rn7mHasThePublishedKerasParameterCount() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("rn7m", new Head.Binary());
            net.initialize(manager);
            assertEquals(6_780_833, net.trainableParameters());
            assertEquals(6_784_561, net.trainableParameters() + net.runningStatistics(),
                    "Nyström et al. Table II counts RN-7M as Keras does, batch-norm moving statistics included");
            NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(net.inputShape(2))), false)
                    .singletonOrThrow();
            assertEquals(new ai.djl.ndarray.types.Shape(2, 1), out.getShape());
        }
    }

    @Test
    void rn33mIsWithinATenthOfAPercentOfThePublishedKerasCount() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("rn33m", new Head.Binary());
            net.initialize(manager);
            long keras = net.trainableParameters() + net.runningStatistics();
            // 12 SE pre-activation units as described; the original code is not public (README: the 1,792 difference)
            assertEquals(33_064_361, keras);
            assertTrue(Math.abs(keras - 33_062_569) / 33_062_569.0 < 0.001, "within 0.1 % of Nyström et al.'s 33,062,569");
            assertEquals(8_192, net.features(), "512 filters × 16 samples flattened");
        }
    }

    @Test
    void theRecurrentModelsHaveTorchsParameterCounts() {
        // torch.nn.LSTM/GRU: gates × (in·h + h·h + 2h) per direction; flatten 1000 steps × h × directions → 1 output
        long lstm = 4L * (12 * 100 + 100 * 100 + 200), gru = 3L * (12 * 100 + 100 * 100 + 200);
        long[] expected = {lstm + 100_000 + 1, 2 * lstm + 200_000 + 1, gru + 100_000 + 1};
        String[] names = {"lstm", "bilstm", "gru"};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int i = 0; i < names.length; i++) {
                EcgNetwork net = Architectures.build(names[i], new Head.Binary());
                net.initialize(manager);
                assertEquals(expected[i], net.trainableParameters(), names[i]);
            }
        }
    }

    @Test
    void rn900kAveragesTenWindowsAtInferenceAndTrainsOnOneRandomCrop() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("rn900k", new Head.AgeSex());
            net.initialize(manager);
            assertEquals(new ai.djl.ndarray.types.Shape(1, 8, 5000), net.inputShape(1), "the whole 10 s at 500 Hz goes in");
            assertEquals(new ai.djl.ndarray.types.Shape(1, 8, 1250), net.bodyInputShape(1), "the body sees 2.5 s");
            NDArray x = manager.randomNormal(net.inputShape(2)).mul(0.01);
            ParameterStore ps = new ParameterStore(manager, false);
            // inference: values averaged, logits averaged as probabilities, over the ten windows run one by one
            float[] viaNetwork = net.block().forward(ps, new NDList(x), false).singletonOrThrow().toFloatArray();
            WindowAveraging windowed = (WindowAveraging) net.block();
            int[] offsets = windowed.windowing().inferenceOffsets(5000);
            for (int b = 0; b < 2; b++) {
                double age = 0, probability = 0;
                for (int offset : offsets) {
                    NDArray window = x.get(b + ":" + (b + 1) + ", :, " + offset + ":" + (offset + 1250));
                    float[] out = windowed.inner().forward(ps, new NDList(window), false).singletonOrThrow().toFloatArray();
                    age += out[0] / offsets.length;
                    probability += 1 / (1 + Math.exp(-out[1])) / offsets.length;
                }
                double clipped = Math.min(1 - 1e-6, Math.max(1e-6, probability));
                assertEquals(age, viaNetwork[2 * b], 1e-3 * Math.max(1, Math.abs(age)), "age of ECG " + b);
                assertEquals(Math.log(clipped / (1 - clipped)), viaNetwork[2 * b + 1], 1e-2, "sex logit of ECG " + b);
            }
            // training: one crop per ECG, so the output differs between two calls on the same input
            float[] a = net.block().forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
            float[] c = net.block().forward(ps, new NDList(x), true).singletonOrThrow().toFloatArray();
            assertEquals(4, a.length);
            assertFalse(java.util.Arrays.equals(a, c), "random crops (and dropout) make training passes differ");
        }
    }

    @Test
    void theFlopCounterAgreesWithAHandCountForCnn20k() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("cnn20k", new Head.NystromTransfer());
            net.initialize(manager);
            // conv1 5000 positions × 8·61 × 28; conv2 333 positions × 28·17 × 8; dense 176×10, 10×100, 100×1
            long expected = 2L * (5000L * 8 * 61 * 28 + 333L * 28 * 17 * 8 + 176 * 10 + 10 * 100 + 100);
            assertEquals(expected, FlopCounter.perEcg(net));
        }
    }

    @Test
    void theOneDimensionalTorchvisionResNetsHaveTheirAnalyticParameterCounts() {
        // counted by hand from torchvision's definitions with 1-D kernels (k7 stem, k3 convs), 12 leads, one output
        long[] expected = {resnetCount(new int[]{2, 2, 2, 2}, false), resnetCount(new int[]{3, 4, 6, 3}, true), resnetCount(new int[]{3, 4, 23, 3}, true)};
        String[] names = {"resnet1d18", "resnet1d50", "resnet1d101"};
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int i = 0; i < names.length; i++) {
                EcgNetwork net = Architectures.build(names[i], new Head.Binary());
                net.initialize(manager);
                assertEquals(expected[i], net.trainableParameters(), names[i]);
                NDArray out = net.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(net.inputShape(2))), false)
                        .singletonOrThrow();
                assertEquals(new ai.djl.ndarray.types.Shape(2, 1), out.getShape(), names[i]);
            }
        }
    }

    /** conv weights in·out·k (no bias), batch norm 2·c, fc features + 1. */
    private static long resnetCount(int[] layers, boolean bottleneck) {
        long n = 12L * 64 * 7 + 2 * 64;
        int in = 64, expansion = bottleneck ? 4 : 1;
        int[] widths = {64, 128, 256, 512};
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < layers[s]; b++) {
                int w = widths[s], out = w * expansion, stride = s > 0 && b == 0 ? 2 : 1;
                if (bottleneck) {
                    n += (long) in * w + 2L * w + (long) w * w * 3 + 2L * w + (long) w * out + 2L * out;
                } else {
                    n += (long) in * w * 3 + 2L * w + (long) w * out * 3 + 2L * out;
                }
                if (stride != 1 || in != out) {
                    n += (long) in * out + 2L * out;
                }
                in = out;
            }
        }
        return n + in + 1;
    }

    @Test
    void freezingTheBodyStopsItsGradientsButNotTheHeads() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.cnn20k(new Head.NystromTransfer());
            net.initialize(manager);
            net.freezeBody(true);
            net.body().getParameters().forEach(p -> assertFalse(p.getValue().requiresGradient(), p.getKey()));
            assertTrue(net.block().getParameters().stream().anyMatch(p -> p.getValue().requiresGradient()), "the head still learns");
            net.freezeBody(false);
            net.body().getParameters().forEach(p -> assertTrue(p.getValue().requiresGradient(), p.getKey()));
        }
    }

    @Test
    void aNewHeadKeepsTheTrainedBody() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork pretrained = Architectures.cnn20k(new Head.AgeSex());
            pretrained.initialize(manager);
            float[] before = pretrained.body().getParameters().get(0).getValue().getArray().toFloatArray();
            EcgNetwork transfer = pretrained.withHead(new Head.NystromTransfer());
            transfer.initializeHead(manager);
            float[] after = transfer.body().getParameters().get(0).getValue().getArray().toFloatArray();
            org.junit.jupiter.api.Assertions.assertArrayEquals(before, after);
            // and a training step's forward pass (which initialises whatever DJL finds uninitialised) keeps it too
            transfer.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(transfer.inputShape(2))), true);
            org.junit.jupiter.api.Assertions.assertArrayEquals(before,
                    transfer.body().getParameters().get(0).getValue().getArray().toFloatArray());
            assertEquals(20_479, transfer.trainableParameters());
        }
    }

    @Test
    void anUnknownArchitectureIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.build("alexnet", new Head.Binary()));
        assertTrue(e.getMessage().contains("cnn20k"));
    }
}
