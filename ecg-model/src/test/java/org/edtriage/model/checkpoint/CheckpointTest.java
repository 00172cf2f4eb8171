package org.edtriage.model.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointTest {
    @TempDir
    Path store;

    static List<String> architectures() {
        return Architectures.names();
    }

    @Test
    void aModelTrainedWithAuxiliaryMeasurementsLoadsWithItsHeadAndScoresItsFirstOutput() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("cnn20k-beat", new Head.TransferAndMeasurements(149));
            net.initialize(manager);
            NDArray input = manager.randomNormal(net.inputShape(2));
            float[] before = predict(manager, net, input);
            Path dir = store.resolve("auxiliary");
            Checkpoint.save(dir, net, manifest(net, "auxiliary"));
            try (org.edtriage.model.NetworkScorer scorer = org.edtriage.model.NetworkScorer.fromCheckpoint(dir, 1)) {
                assertEquals(new Head.TransferAndMeasurements(149), scorer.network().head());
                float[][][] x = new float[2][][];
                float[] flat = input.toFloatArray();
                int rows = net.contract().rows(), columns = net.contract().columns();
                for (int e = 0; e < 2; e++) {
                    x[e] = new float[rows][columns];
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(flat, (e * rows + r) * columns, x[e][r], 0, columns);
                    }
                }
                float[] scores = scorer.score(List.of(x[0], x[1]));
                for (int e = 0; e < 2; e++) {
                    // within the round trip's tolerance (see below) of the network's own first output, P(AMI)
                    assertEquals(before[e * 150], scores[e], 1e-5f, "ECG " + e + " is scored by its P(AMI)");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void aSavedThenLoadedCheckpointHoldsTheSameParametersAndPredictsTheSame(String name) throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(11); // the same initial weights and input on every run
            EcgNetwork net = Architectures.build(name, new Head.NystromTransfer());
            net.initialize(manager);
            NDArray input = manager.randomNormal(net.inputShape(3));
            calibrateBatchNorm(manager, net, input);
            float[] before = predict(manager, net, input);
            for (float p : before) {
                assertTrue(Float.isFinite(p), name + " predicts a number before the round trip: " + Arrays.toString(before));
            }

            Path dir = store.resolve(name + "-1");
            String digest = Checkpoint.save(dir, net, manifest(net, name + "-1"));
            Checkpoint.Loaded loaded = Checkpoint.load(dir, manager);

            assertEquals(digest, loaded.sha256());
            assertEquals(name, loaded.manifest().architecture());
            assertEquals(net.trainableParameters(), loaded.manifest().trainableParameters());
            // The claim "the same network" is about parameters: every one bit for bit, names and order included.
            var saved = net.block().getParameters();
            var read = loaded.network().block().getParameters();
            assertEquals(saved.keys(), read.keys(), name + " parameter names");
            for (int i = 0; i < saved.size(); i++) {
                assertArrayEquals(saved.get(i).getValue().getArray().toFloatArray(), read.get(i).getValue().getArray().toFloatArray(),
                        name + " " + saved.get(i).getKey() + " read back bit for bit");
            }
            // Outputs only within a tolerance: the same parameters in new memory may take another kernel path
            // (the GRU predicted 1 ulp differently on AMD EPYC in 3 runs of 3). 1e-5 relative is ~80 ulp at 1,
            // far above summation-order noise and far below what one wrongly loaded weight changes (~1e-2).
            float[] after = predict(manager, loaded.network(), input);
            assertEquals(before.length, after.length);
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i], after[i], 1e-5f * Math.max(1f, Math.abs(before[i])), name + " output " + i + " after a round trip");
            }
        }
    }

    @Test
    void theManifestKeepsWhatReleasesAndAuditsNeed() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("rn900k", new Head.NystromTransfer());
            net.initialize(manager);
            Path dir = store.resolve("rn900k-ami");
            Checkpoint.save(dir, net, manifest(net, "rn900k-ami"));
            ModelManifest m = Checkpoint.readVerifiedManifest(dir);
            assertEquals("nystromtransfer", m.head());
            assertEquals(1250, m.contract().windowSamples());
            assertEquals(10, m.contract().inferenceWindows());
            assertEquals(0.85, m.metrics().get("auc.temporalTest"));
            assertEquals(0.02, m.thresholds().get("ruleOut"));
            assertEquals("rn900k-age", m.parent().modelId());
            assertEquals(Instant.parse("2026-01-01T00:00:00Z"), m.trainingData().from());
            assertTrue(m.framework().startsWith("DJL "), m.framework());
            // sha256sum -c compatible
            String sums = Files.readString(dir.resolve(Checkpoint.SUMS));
            assertTrue(sums.matches("[0-9a-f]{64}  model.json\n[0-9a-f]{64}  parameters.params\n"), sums);
            assertThrows(IOException.class, () -> Checkpoint.save(dir, net, manifest(net, "rn900k-ami")), "never overwritten");
        }
    }

    @Test
    void aTamperedOrIncompleteCheckpointIsRefusedWithTheReason() throws Exception {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("cnn20k", new Head.NystromTransfer());
            net.initialize(manager);

            Path flipped = saved(net, "flipped");
            byte[] params = Files.readAllBytes(flipped.resolve(Checkpoint.PARAMETERS));
            params[params.length / 2] ^= 0x01;
            Files.write(flipped.resolve(Checkpoint.PARAMETERS), params);
            assertRefused(flipped, manager, "parameters.params has SHA-256");

            Path edited = saved(net, "edited");
            String json = Files.readString(edited.resolve(Checkpoint.MANIFEST)).replace("0.85", "0.95");
            Files.writeString(edited.resolve(Checkpoint.MANIFEST), json);
            assertRefused(edited, manager, "model.json has SHA-256");

            Path noSums = saved(net, "no-sums");
            Files.delete(noSums.resolve(Checkpoint.SUMS));
            assertRefused(noSums, manager, "no SHA256SUMS");

            Path noParams = saved(net, "no-params");
            Files.delete(noParams.resolve(Checkpoint.PARAMETERS));
            assertRefused(noParams, manager, "parameters.params is missing");

            // consistently re-hashed, but the manifest claims another architecture: the parameters do not fit
            Path relabelled = saved(net, "relabelled");
            rewriteManifest(relabelled, j -> j.replace("\"cnn20k\"", "\"resnet1d18\"")
                    .replaceAll("\"leads\" : \\[[^]]*]", "\"leads\" : [ \"I\", \"II\", \"III\", \"aVR\", \"aVL\", \"aVF\", \"V1\", \"V2\", \"V3\", \"V4\", \"V5\", \"V6\" ]")
                    .replace("\"samplingRateHz\" : 500.0", "\"samplingRateHz\" : 100.0")
                    .replace("\"samples\" : 5000", "\"samples\" : 1000")
                    .replace("MILLIVOLTS", "PER_LEAD_ZSCORE"));
            assertRefused(relabelled, manager, "does not hold resnet1d18/nystromtransfer parameters");

            Path wrongContract = saved(net, "wrong-contract");
            rewriteManifest(wrongContract, j -> j.replace("\"samplingRateHz\" : 500.0", "\"samplingRateHz\" : 250.0"));
            assertRefused(wrongContract, manager, "is not cnn20k's");

            Path unknown = saved(net, "unknown");
            rewriteManifest(unknown, j -> j.replace("\"cnn20k\"", "\"alexnet\""));
            assertRefused(unknown, manager, "unknown architecture 'alexnet'");

            Path truncated = saved(net, "truncated");
            byte[] all = Files.readAllBytes(truncated.resolve(Checkpoint.PARAMETERS));
            Files.write(truncated.resolve(Checkpoint.PARAMETERS), java.util.Arrays.copyOf(all, all.length - 100));
            rewriteManifest(truncated, j -> j);
            assertRefused(truncated, manager, "does not hold cnn20k/nystromtransfer parameters");
        }
    }

    private Path saved(EcgNetwork net, String name) throws IOException {
        Path dir = store.resolve(name);
        Checkpoint.save(dir, net, manifest(net, name));
        return dir;
    }

    /** Edits model.json and re-hashes everything, as a careless or malicious hand would. */
    private static void rewriteManifest(Path dir, java.util.function.UnaryOperator<String> edit) throws IOException {
        Path manifest = dir.resolve(Checkpoint.MANIFEST);
        Files.writeString(manifest, edit.apply(Files.readString(manifest)));
        String sums = Checkpoint.sha256(manifest) + "  " + Checkpoint.MANIFEST + "\n"
                + Checkpoint.sha256(dir.resolve(Checkpoint.PARAMETERS)) + "  " + Checkpoint.PARAMETERS + "\n";
        Files.writeString(dir.resolve(Checkpoint.SUMS), sums, StandardCharsets.US_ASCII);
    }

    private static void assertRefused(Path dir, NDManager manager, String reason) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(dir, manager), dir.toString());
        assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
    }

    /**
     * Forward passes in training mode move batch norm's running statistics towards the activations' real scale, as
     * training does. Left at their initial mean 0 and variance 1, the 101-layer ResNet's untrained activations overflow
     * float in inference (outputs exactly 0 or 1), and a comparison of saturated outputs compares little.
     */
    private static void calibrateBatchNorm(NDManager manager, EcgNetwork net, NDArray input) {
        for (int i = 0; i < 3; i++) {
            net.block().forward(new ParameterStore(manager, false), new NDList(input.duplicate()), true);
        }
    }

    private static float[] predict(NDManager manager, EcgNetwork net, NDArray input) {
        return net.block().forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow().toFloatArray();
    }

    static ModelManifest manifest(EcgNetwork net, String id) {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, id, net.architecture(), net.head().id(),
                ModelManifest.Contract.of(net.contract()),
                new ModelManifest.TrainingData(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-30T00:00:00Z"), 4000, 3500,
                        "simulated cohort, seed 7"),
                Map.of("auc.temporalTest", 0.85), Map.of("ruleIn", 0.6, "ruleOut", 0.02),
                new ModelManifest.Parent("rn900k-age", "ab".repeat(32)), Instant.parse("2026-11-22T05:30:00Z"), 0, null);
    }
}
