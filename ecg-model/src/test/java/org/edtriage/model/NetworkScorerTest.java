package org.edtriage.model;

import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class NetworkScorerTest {
    @TempDir
    Path store;

    @Test
    void warmUpRunsEveryBatchSizeOnEveryPredictorAndLeavesTheScoresAsTheyWere() throws Exception {
        Path dir = checkpoint("cnn20k", new Head.Binary());
        List<float[][]> inputs = inputs(5, 8, 5000);
        try (NetworkScorer scorer = NetworkScorer.fromCheckpoint(dir, 2)) {
            float[] before = scorer.score(inputs);
            NetworkScorer.WarmUp warmUp = scorer.warmUp(5, 2);
            // batch sizes 1, 2, 4 and 5, on each of 2 predictors, twice
            assertEquals(16, warmUp.batches());
            assertTrue(warmUp.firstRoundNanos() > 0 && warmUp.lastRoundNanos() > 0 && warmUp.totalNanos() >= warmUp.firstRoundNanos() + warmUp.lastRoundNanos());
            assertArrayEquals(before, scorer.score(inputs), 1e-6f, "warming up changes nothing in the model (no batch-norm update, no state)");
            assertThrows(IllegalArgumentException.class, () -> scorer.warmUp(0, 1));
        }
    }

    @Test
    void scoresFromACheckpointAndIsSafeToShareBetweenThreads() throws Exception {
        Path dir = checkpoint("cnn20k", new Head.Binary());
        List<float[][]> inputs = inputs(12, 8, 5000);
        try (NetworkScorer scorer = NetworkScorer.fromCheckpoint(dir, 3)) {
            assertEquals("cnn20k-test", scorer.modelName());
            assertEquals(Checkpoint.verifySums(dir), scorer.modelVersion(), "the version is the checkpoint's digest");
            scorer.smokeTest();
            float[] sequential = new float[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                sequential[i] = scorer.scoreOne(inputs.get(i));
                // closed interval: an untrained network on white noise can push its logit past float's sigmoid range (p == 1.0f)
                assertTrue(sequential[i] >= 0 && sequential[i] <= 1, "a probability, not " + sequential[i]);
            }
            assertArrayEquals(sequential, scorer.score(inputs), 1e-5f, "a batch scores as its members one by one");

            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                List<Future<float[]>> results = new ArrayList<>();
                for (int t = 0; t < 24; t++) {
                    results.add(threads.submit(() -> scorer.score(inputs)));
                }
                for (Future<float[]> r : results) {
                    assertArrayEquals(sequential, r.get(), 1e-5f, "concurrent calls agree with sequential ones");
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aValueHeadCannotScoreAndACorruptCheckpointIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class,
                () -> NetworkScorer.of(Architectures.build("cnn20k", new Head.Regression()), "age", "x", 1));
        Path dir = checkpoint("cnn20k", new Head.Binary());
        Files.write(dir.resolve(Checkpoint.PARAMETERS), new byte[]{1, 2, 3});
        CheckpointException e = assertThrows(CheckpointException.class, () -> NetworkScorer.fromCheckpoint(dir, 1));
        assertTrue(e.getMessage().contains("altered or corrupt"), e.getMessage());
    }

    private Path checkpoint(String architecture, Head head) throws Exception {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(3); // the same initial weights on every run
            EcgNetwork net = Architectures.build(architecture, head);
            net.initialize(manager);
            Path dir = store.resolve(architecture + "-test");
            Checkpoint.save(dir, net, new ModelManifest(ModelManifest.FORMAT_VERSION, architecture + "-test", architecture, head.id(),
                    ModelManifest.Contract.of(net.contract()), null, Map.of(), Map.of(), null, Instant.now(), 0, null));
            return dir;
        }
    }

    private static List<float[][]> inputs(int n, int leads, int samples) {
        Random random = new Random(42);
        List<float[][]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] x = new float[leads][samples];
            for (float[] lead : x) {
                for (int s = 0; s < samples; s++) {
                    lead[s] = (float) random.nextGaussian();
                }
            }
            inputs.add(x);
        }
        return inputs;
    }
}
