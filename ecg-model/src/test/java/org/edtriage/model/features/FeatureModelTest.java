package org.edtriage.model.features;

import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.edtriage.ecg.signal.EcgFeatures;
import org.edtriage.model.EcgScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
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

/** The feature model as a model of the platform: checkpointed with its manifest, verified on load, scored like a network. */
class FeatureModelTest {
    @TempDir
    Path dir;

    /** Trees on 400 feature vectors whose label follows the first feature (an ST level), the rest noise. */
    static FeatureModel trained(Random random, List<float[]> vectors, List<Boolean> labels) throws Exception {
        int k = EcgFeatures.size();
        float[] flat = new float[400 * k];
        float[] y = new float[400];
        for (int i = 0; i < 400; i++) {
            float[] v = new float[k];
            for (int j = 0; j < k; j++) {
                v[j] = (float) random.nextGaussian();
            }
            v[7] = Float.NaN; // a measurement that could not be made
            boolean ami = v[0] + 0.5 * random.nextGaussian() > 1;
            y[i] = ami ? 1 : 0;
            System.arraycopy(v, 0, flat, i * k, k);
            vectors.add(v);
            labels.add(ami);
        }
        DMatrix m = new DMatrix(flat, 400, k, Float.NaN);
        m.setLabel(y);
        try {
            return new FeatureModel(XGBoost.train(m, Map.of("objective", "binary:logistic", "max_depth", 2, "eta", 0.3, "nthread", 1, "seed", 1),
                    20, Map.of(), null, null, null, 0));
        } finally {
            m.dispose();
        }
    }

    private static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static ModelManifest manifest(String id) {
        return new ModelManifest(ModelManifest.FORMAT_VERSION, id, FeatureModel.ARCHITECTURE, "binary", ModelManifest.Contract.of(FeatureModel.contract()),
                new ModelManifest.TrainingData(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-30T00:00:00Z"), 400, 400, "synthetic"),
                Map.of("auc.temporalTest", 0.8), Map.of("ruleOut", 0.05, "ruleIn", 0.5), null, Instant.parse("2026-11-30T00:00:00Z"), 0, null);
    }

    @Test
    void aSavedFeatureModelLoadsVerifiedAndScoresAsBefore() throws Exception {
        List<float[]> vectors = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        try (FeatureModel model = trained(new Random(3), vectors, labels)) {
            float[] before = model.predict(vectors);
            String sha = Checkpoint.save(dir.resolve("features"), model, manifest("features-1"));
            ModelManifest saved = Checkpoint.readVerifiedManifest(dir.resolve("features"));
            assertEquals(model.trees(), saved.trainableParameters(), "the parameter count of a feature model is its trees");
            assertTrue(saved.framework().startsWith("XGBoost4J"), saved.framework());
            try (EcgScorer scorer = Scorers.fromCheckpoint(dir.resolve("features"), 1)) {
                assertInstanceOf(FeatureScorer.class, scorer);
                assertEquals(sha, scorer.modelVersion());
                assertEquals(FeatureModel.ARCHITECTURE, scorer.architecture());
                float[] after = scorer.score(vectors.stream().map(v -> new float[][]{v}).toList());
                // the same trees read back: the same sums of leaf values, to float rounding
                assertArrayEquals(before, after, 1e-6f);
                scorer.smokeTest(); // a flat ECG: no measurement at all, still a probability
            }
            double separated = 0;
            int pairs = 0;
            for (int i = 0; i < before.length; i++) {
                for (int j = 0; j < before.length; j++) {
                    if (labels.get(i) && !labels.get(j)) {
                        separated += before[i] > before[j] ? 1 : before[i] == before[j] ? 0.5 : 0;
                        pairs++;
                    }
                }
            }
            assertTrue(separated / pairs > 0.85, "the trees learnt the label from the first feature: AUC " + separated / pairs);
        }
    }

    @Test
    void anAlteredBoosterOrAMislabelledCheckpointIsRefusedWithTheReason() throws Exception {
        try (FeatureModel model = trained(new Random(4), new ArrayList<>(), new ArrayList<>())) {
            Path flipped = dir.resolve("flipped");
            Checkpoint.save(flipped, model, manifest("f"));
            byte[] bytes = Files.readAllBytes(flipped.resolve(Checkpoint.BOOSTER));
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(flipped.resolve(Checkpoint.BOOSTER), bytes);
            CheckpointException e = assertThrows(CheckpointException.class, () -> Scorers.fromCheckpoint(flipped, 1));
            assertTrue(e.getMessage().contains("booster.ubj has SHA-256"), e.getMessage());

            Path asNetwork = dir.resolve("as-network");
            Checkpoint.save(asNetwork, model, manifest("f"));
            try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager("PyTorch")) {
                CheckpointException notANetwork = assertThrows(CheckpointException.class, () -> Checkpoint.load(asNetwork, manager));
                assertTrue(notANetwork.getMessage().contains("holds a feature model"), notANetwork.getMessage());
            }

            // consistently re-hashed, but the manifest claims another tree count: refused, not trusted
            Path recounted = dir.resolve("recounted");
            Checkpoint.save(recounted, model, manifest("f"));
            Path manifestFile = recounted.resolve(Checkpoint.MANIFEST);
            Files.writeString(manifestFile, Files.readString(manifestFile).replaceAll("\"trainableParameters\" : \\d+", "\"trainableParameters\" : 7"));
            Files.writeString(recounted.resolve(Checkpoint.SUMS), sha256(manifestFile) + "  " + Checkpoint.MANIFEST + "\n"
                    + sha256(recounted.resolve(Checkpoint.BOOSTER)) + "  " + Checkpoint.BOOSTER + "\n");
            CheckpointException trees = assertThrows(CheckpointException.class, () -> Scorers.fromCheckpoint(recounted, 1));
            assertTrue(trees.getMessage().contains("manifest says 7 trees"), trees.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(dir.resolve("wrong"), model,
                    new ModelManifest(1, "x", "cnn20k", "binary", ModelManifest.Contract.of(FeatureModel.contract()), null, null, null, null, null, 0, null)));
        }
    }
}
