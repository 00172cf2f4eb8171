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
            assertEquals(20_479, transfer.trainableParameters());
        }
    }

    @Test
    void anUnknownArchitectureIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architectures.build("alexnet", new Head.Binary()));
        assertTrue(e.getMessage().contains("cnn20k"));
    }
}
