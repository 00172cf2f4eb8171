package org.edtriage.model.zoo;

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
