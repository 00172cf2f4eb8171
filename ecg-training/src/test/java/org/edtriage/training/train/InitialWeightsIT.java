package org.edtriage.training.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run's initial weights come from its seed alone, not from what the JVM drew before: a benchmark trains many
 * models in one process and the failsafe phase runs every training test in one JVM, so otherwise the same run
 * started from other weights depending on what ran before it, and a test's outcome on the test order.
 * Compared bit for bit: the same draws on the same machine in the same process give the same parameters.
 */
class InitialWeightsIT {
    private static final StagePlan PRETRAIN = ExperimentConfig.quick("init", "cnn20k", "age", 1, 1).pretrain();

    @Test
    void theSameSeedGivesTheSameInitialWeightsWhateverWasDrawnBefore() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] first = initialWeights(3, manager, PRETRAIN);
            manager.randomNormal(new Shape(10_000)); // another model, another test
            float[] again = initialWeights(3, manager, PRETRAIN);
            assertArrayEquals(first, again, "the same seed and stage, the same initial weights");
            assertFalse(Arrays.equals(first, initialWeights(4, manager, PRETRAIN)), "another seed, other weights");
            assertFalse(Arrays.equals(first, initialWeights(3, manager, ExperimentConfig.quick("init", "cnn20k", "age", 1, 1).scratch())),
                    "the scratch model does not start from the pre-training's initial weights");
        }
    }

    @Test
    void aNewHeadIsDrawnFromTheSeedAndTheBodyKeepsItsWeights() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            StagePlan stage2 = ExperimentConfig.quick("init", "cnn20k", "age", 1, 1).stage2();
            NetworkTrainer trainer = new NetworkTrainer(null, 3, Progress.NONE);
            EcgNetwork body = Architectures.cnn20k(new Head.Regression());
            trainer.initialize(body, manager, PRETRAIN);
            float[] bodyWeights = Parameters.flatten(body.body());
            EcgNetwork a = body.withHead(new Head.NystromTransfer());
            trainer.initializeHead(a, manager, stage2);
            manager.randomNormal(new Shape(10_000));
            EcgNetwork b = body.withHead(new Head.NystromTransfer());
            trainer.initializeHead(b, manager, stage2);
            assertArrayEquals(Parameters.flatten(a.headBlock()), Parameters.flatten(b.headBlock()));
            assertArrayEquals(bodyWeights, Parameters.flatten(b.body()), "the body is not re-drawn");
        }
    }

    private static float[] initialWeights(long seed, NDManager manager, StagePlan stage) {
        EcgNetwork network = Architectures.cnn20k(new Head.Binary());
        new NetworkTrainer(null, seed, Progress.NONE).initialize(network, manager, stage);
        return Parameters.flatten(network.block());
    }
}
