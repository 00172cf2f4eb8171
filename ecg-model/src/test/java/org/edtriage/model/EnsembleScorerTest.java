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

import static org.junit.jupiter.api.Assertions.*;

/** An ensemble checkpoint: written from member checkpoints, verified as a whole, served as the mean of its members. */
class EnsembleScorerTest {
    private static final ModelManifest.TrainingData DATA = new ModelManifest.TrainingData(Instant.parse("2026-01-01T00:00:00Z"),
            Instant.parse("2026-06-30T00:00:00Z"), 4000, 3500, "simulated cohort, seed 7");

    @TempDir
    Path store;

    @Test
    void scoresTheMeanOfItsMembersAndIsVersionedByItsDigest() throws Exception {
        Path a = member("cnn20k", 1), b = member("cnn20k", 2), c = member("cnn20k", 3);
        Path dir = store.resolve("mean");
        String digest = Checkpoint.saveEnsemble(dir, List.of(a, b, c), manifest("cnn20k-x3", a));
        assertEquals(digest, Checkpoint.verifySums(dir));
        String sums = Files.readString(dir.resolve(Checkpoint.SUMS));
        // sha256sum -c checks it by hand, and each member's own SHA256SUMS checks that member's files
        assertTrue(sums.matches("[0-9a-f]{64}  model\\.json\n([0-9a-f]{64}  members/[123]/SHA256SUMS\n){3}"), sums);
        ModelManifest m = Checkpoint.readVerifiedManifest(dir);
        assertEquals(Checkpoint.ENSEMBLE, m.architecture());
        long memberParameters = Checkpoint.readVerifiedManifest(a).trainableParameters();
        assertEquals(3 * memberParameters, m.trainableParameters(), "the members' parameters together");

        List<float[][]> inputs = inputs(6);
        float[] expected = new float[inputs.size()];
        List<float[]> scores = new ArrayList<>();
        for (Path member : List.of(a, b, c)) {
            try (EcgScorer one = Scorers.fromCheckpoint(member, 1)) {
                float[] p = one.score(inputs);
                scores.add(p);
                for (int i = 0; i < p.length; i++) {
                    expected[i] += p[i] / 3;
                }
            }
        }
        for (int k = 1; k < 3; k++) {
            assertFalse(java.util.Arrays.equals(scores.get(0), scores.get(k)), "the seeds give different members, so the mean is a real mean");
        }
        try (EcgScorer ensemble = Scorers.fromCheckpoint(dir, 2)) {
            assertInstanceOf(EnsembleScorer.class, ensemble);
            assertEquals("cnn20k-x3", ensemble.modelName());
            assertEquals(digest, ensemble.modelVersion());
            assertEquals(Checkpoint.ENSEMBLE, ensemble.architecture());
            assertEquals(Architectures.build("cnn20k", new Head.NystromTransfer()).contract(), ensemble.contract());
            assertFalse(ensemble.placeholder());
            ensemble.smokeTest();
            // the same members on the same inputs in this process: only the order of the float sums differs
            assertArrayEquals(expected, ensemble.score(inputs), 1e-6f);
            assertEquals(3 * 2 * 3 * 2, ensemble.warmUp(4, 2).batches(), "each member warms each of its 2 predictors up (sizes 1, 2, 4; 2 rounds)");
        }
    }

    @Test
    void aModelStoreKeepsTheWholeEnsembleAndServesItUnchanged() throws Exception {
        Path a = member("cnn20k", 1), b = member("cnn20k", 2);
        Path dir = store.resolve("pair");
        String digest = Checkpoint.saveEnsemble(dir, List.of(a, b), manifest("pair", a));
        org.edtriage.model.store.ModelStore models = org.edtriage.model.store.ModelStore.open(store.resolve("models").toString());
        var decision = models.record("ami", dir, List.of("p1"), true, "test");
        assertEquals(Checkpoint.ENSEMBLE, decision.architecture());
        assertEquals(digest, decision.sha256());
        Path stored = models.checkpoint("ami", decision.version());
        assertEquals(digest, Checkpoint.verifySums(stored), "the members' folders are copied with it");
        List<float[][]> inputs = inputs(3);
        try (EcgScorer original = Scorers.fromCheckpoint(dir, 1); EcgScorer served = Scorers.fromCheckpoint(stored, 1)) {
            // the same parameters in the same process: only float summation order could differ
            assertArrayEquals(original.score(inputs), served.score(inputs), 1e-6f);
        }
    }

    @Test
    void anAlteredOrMissingMemberRefusesTheWholeEnsemble() throws Exception {
        Path a = member("cnn20k", 1), b = member("cnn20k", 2);
        Path flipped = store.resolve("flipped");
        Checkpoint.saveEnsemble(flipped, List.of(a, b), manifest("flipped", a));
        Path params = flipped.resolve("members/2").resolve(Checkpoint.PARAMETERS);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(params, bytes);
        refused(flipped, "member 2", "parameters.params has SHA-256");

        Path missing = store.resolve("missing");
        Checkpoint.saveEnsemble(missing, List.of(a, b), manifest("missing", a));
        org.edtriage.ecg.io.Folders.deleteTree(missing.resolve("members/1"));
        refused(missing, "members/1/SHA256SUMS is missing");

        // the ensemble holds copies: the members it was made from still verify
        assertDoesNotThrow(() -> Checkpoint.verifySums(a));
        assertDoesNotThrow(() -> Checkpoint.verifySums(b));
        CheckpointException notANetwork = assertThrows(CheckpointException.class, () -> {
            try (var manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
                Checkpoint.load(store.resolve("missing"), manager);
            }
        });
        assertTrue(notANetwork.getMessage().contains("members/1/SHA256SUMS is missing"), notANetwork.getMessage());
    }

    @Test
    void membersMustShareOneContractAndEnsemblesDoNotNest() throws Exception {
        Path a = member("cnn20k", 1), b = member("cnn20k", 2), beat = member("cnn20k-beat", 1);
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.saveEnsemble(store.resolve("mixed"), List.of(a, beat), manifest("mixed", a)));
        assertTrue(mixed.getMessage().contains("takes"), mixed.getMessage());

        Path pair = store.resolve("pair");
        Checkpoint.saveEnsemble(pair, List.of(a, b), manifest("pair", a));
        IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.saveEnsemble(store.resolve("nested"), List.of(pair, a), manifest("nested", a)));
        assertTrue(nested.getMessage().contains("ensembles do not nest"), nested.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.saveEnsemble(store.resolve("one"), List.of(a), manifest("one", a)),
                "a mean of one is not an ensemble");
        try (var manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.load(pair, manager));
            assertTrue(e.getMessage().contains("holds an ensemble, not a network"), e.getMessage());
        }
    }

    @Test
    void whatTheSumsDoNotListIsRefusedNotIgnored() throws Exception {
        Path a = member("cnn20k", 1), b = member("cnn20k", 2), c = member("cnn20k", 3);
        // a third network dropped beside a released pair would change every score under the same digest
        Path grown = store.resolve("grown");
        Checkpoint.saveEnsemble(grown, List.of(a, b), manifest("grown", a));
        org.edtriage.ecg.io.Folders.copyTree(c, grown.resolve("members/3"));
        refused(grown, "members/3 is not listed in SHA256SUMS (2 members)");

        // an ensemble's manifest over a network's sums: the members would be covered by nothing
        Path relabelled = store.resolve("relabelled");
        org.edtriage.ecg.io.Folders.copyTree(a, relabelled);
        Path manifest = relabelled.resolve(Checkpoint.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"cnn20k\"", "\"ensemble\""));
        Files.writeString(relabelled.resolve(Checkpoint.SUMS), org.edtriage.model.checkpoint.CheckpointSums.of(relabelled, Checkpoint.MANIFEST,
                Checkpoint.PARAMETERS));
        refused(relabelled, "not what a checkpoint of architecture ensemble holds");

        // a network's manifest over an ensemble's sums: its parameters.params would be covered by nothing
        Path posing = store.resolve("posing");
        Checkpoint.saveEnsemble(posing, List.of(a, b), manifest("posing", a));
        Files.copy(a.resolve(Checkpoint.PARAMETERS), posing.resolve(Checkpoint.PARAMETERS));
        Files.copy(a.resolve(Checkpoint.MANIFEST), posing.resolve(Checkpoint.MANIFEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(posing.resolve(Checkpoint.SUMS), org.edtriage.model.checkpoint.CheckpointSums.of(posing, Checkpoint.MANIFEST,
                "members/1/SHA256SUMS", "members/2/SHA256SUMS"));
        refused(posing, "not what a checkpoint of architecture cnn20k holds");
    }

    @Test
    void aTrainedEnsembleOfUntrainedMembersIsRefused() throws Exception {
        Path a = member("cnn20k", 1);
        Path untrained = store.resolve("untrained");
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            EcgNetwork net = Architectures.build("cnn20k", new Head.NystromTransfer());
            net.initialize(manager);
            Checkpoint.save(untrained, net, new ModelManifest(ModelManifest.FORMAT_VERSION, "placeholder", "cnn20k", net.head().id(),
                    ModelManifest.Contract.of(net.contract()), null, Map.of(), Map.of(), null, Instant.now(), 0, null));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.saveEnsemble(store.resolve("noise"), List.of(a, untrained), manifest("noise", a)));
        assertTrue(e.getMessage().contains("was never trained"), e.getMessage());
    }

    private static void refused(Path dir, String... reasons) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Scorers.fromCheckpoint(dir, 1), dir.toString());
        for (String reason : reasons) {
            assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
        }
    }

    private Path member(String architecture, int seed) throws Exception {
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
            ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed(seed); // members differ as seeds make them differ
            EcgNetwork net = Architectures.build(architecture, new Head.NystromTransfer());
            net.initialize(manager);
            Path dir = store.resolve(architecture + "-seed" + seed);
            Checkpoint.save(dir, net, new ModelManifest(ModelManifest.FORMAT_VERSION, architecture + "-seed" + seed, architecture,
                    net.head().id(), ModelManifest.Contract.of(net.contract()), DATA, Map.of(), Map.of(), null, Instant.now(), 0, null));
            return dir;
        }
    }

    private static ModelManifest manifest(String id, Path member) throws CheckpointException {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, id, Checkpoint.ENSEMBLE, Checkpoint.MEAN_HEAD,
                Checkpoint.readVerifiedManifest(member).contract(), DATA, Map.of("auc.temporalTest", 0.85), Map.of("ruleIn", 0.6), null,
                Instant.now(), 0, null);
    }

    /** Small inputs (0.1 mV noise): an untrained network's probabilities stay away from 0 and 1, where members would agree. */
    private static List<float[][]> inputs(int n) {
        Random random = new Random(42);
        List<float[][]> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[][] x = new float[8][5000];
            for (float[] lead : x) {
                for (int s = 0; s < lead.length; s++) {
                    lead[s] = (float) (0.1 * random.nextGaussian());
                }
            }
            inputs.add(x);
        }
        return inputs;
    }

}
