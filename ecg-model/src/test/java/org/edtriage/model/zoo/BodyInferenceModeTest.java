package org.edtriage.model.zoo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Stage 2 of the transfer runs a frozen body like Keras does: batch norm on running statistics, not updating them. */
class BodyInferenceModeTest {

    @Test
    void aBodyInInferenceModeKeepsItsBatchNormStatisticsInATrainingForward() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.rn7m(new Head.Binary()).withHead(new Head.NystromTransfer());
            net.initialize(manager);
            List<float[]> before = runningStatistics(net);
            net.bodyInInferenceMode(true);
            net.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(net.inputShape(4))), true);
            assertStatistics(before, runningStatistics(net), true);
            net.bodyInInferenceMode(false);
            net.block().forward(new ParameterStore(manager, false), new NDList(manager.randomNormal(net.inputShape(4))), true);
            assertStatistics(before, runningStatistics(net), false);
        }
    }

    @Test
    void preciseBatchNormLeavesTheAverageStatisticsOfTheGivenBatches() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.rn900k(new Head.Binary());
            net.initialize(manager);
            // statistics left by training: far from what the current weights produce
            for (var p : net.block().getParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    p.getValue().getArray().addi(5);
                }
            }
            // the same batch three times: the average of three equal batch statistics is that batch's
            NDArray x = manager.randomNormal(0, 0.3f, net.inputShape(6), ai.djl.ndarray.types.DataType.FLOAT32).add(0.2f);
            NDArray crop = x.get(":, :, 0:1250"); // windowed training crops: make every crop the same by using a constant-in-time input
            NDArray constantInTime = crop.mean(new int[]{2}, true).repeat(2, 5000);
            int used = net.recomputeBatchNormStatistics(manager, java.util.List.of(constantInTime.duplicate(), constantInTime.duplicate(),
                    constantInTime.duplicate()).iterator());
            assertEquals(3, used);
            // the first batch norm normalises the stem convolution's output: its running mean must be that output's channel mean
            var stem = (ai.djl.nn.SequentialBlock) net.body().getChildren().get(0).getValue();
            var conv = stem.getChildren().get(0).getValue();
            var bn = stem.getChildren().get(1).getValue();
            NDArray convOut = conv.forward(new ParameterStore(manager, false), new NDList(constantInTime.get(":, :, 0:1250")), false)
                    .singletonOrThrow();
            float[] expected = convOut.mean(new int[]{2}).mean(new int[]{0}).toFloatArray();
            float[] actual = null;
            for (var p : bn.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    actual = p.getValue().getArray().toFloatArray();
                }
            }
            assertNotNull(actual);
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], actual[c], 1e-3 + 1e-3 * Math.abs(expected[c]), "channel " + c);
            }
            // and a network without batch norm has nothing to recompute
            EcgNetwork cnn = Architectures.cnn20k(new Head.Binary());
            cnn.initialize(manager);
            assertEquals(0, cnn.recomputeBatchNormStatistics(manager, java.util.List.of(manager.zeros(cnn.inputShape(2))).iterator()));
        }
    }

    private static void assertStatistics(List<float[]> before, List<float[]> after, boolean same) {
        boolean equal = true;
        for (int i = 0; i < before.size(); i++) {
            equal &= java.util.Arrays.equals(before.get(i), after.get(i));
        }
        assertEquals(same, equal, same ? "running statistics must not move" : "a training-mode body updates its statistics");
    }

    private static List<float[]> runningStatistics(EcgNetwork net) {
        List<float[]> out = new ArrayList<>();
        for (var p : net.body().getParameters()) {
            Parameter.Type t = p.getValue().getType();
            if (t == Parameter.Type.RUNNING_MEAN || t == Parameter.Type.RUNNING_VAR) {
                out.add(p.getValue().getArray().toFloatArray());
            }
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
