package org.edtriage.scoring.engine;

import org.edtriage.ecg.Ecg;
import org.edtriage.model.NetworkScorer;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.scoring.TestModels;
import org.edtriage.scoring.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

class ScoringEngineTest {
    @TempDir
    Path dir;

    @Test
    void everyEcgIsScoredEntirelyByTheModelItsScoreNamesWhileModelsSwapUnderLoad() throws Exception {
        ModelRelease a = TestModels.release(dir.resolve("a"), "ami", "a", 11, 0.2, 0.6, true);
        ModelRelease b = TestModels.release(dir.resolve("b"), "ami", "b", 22, 0.2, 0.6, true);
        List<Ecg> ecgs = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            ecgs.add(TestModels.ecg("e" + i, Instant.parse("2026-11-22T08:00:00Z"), 50 + i, (i % 4) * 0.1));
        }
        Map<String, float[]> bare = new HashMap<>();
        for (ModelRelease r : List.of(a, b)) {
            try (NetworkScorer scorer = NetworkScorer.fromCheckpoint(Path.of(URI.create(r.getArtifactUri())), 1)) {
                bare.put(r.getVersion(), scorer.score(ecgs.stream().map(e -> scorer.contract().prepare(e)).toList()));
            }
        }
        assertNotEquals(bare.get("a")[0], bare.get("b")[0], 1e-4, "two differently seeded networks score differently");

        List<Integer> batchSizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ModelRegistry models = new ModelRegistry("ami", null, false, 1, 0, Clock.systemUTC());
             ScoringEngine engine = new ScoringEngine(models, 8, Duration.ofMillis(5), 1, 64, batchSizes::add)) {
            assertThrows(java.util.concurrent.CompletionException.class, () -> engine.submit(ecgs.get(0)).join(),
                    "with no model an ECG fails (and is retried by the stream), it is never scored by nothing");
            assertEquals(ModelRegistry.Outcome.INSTALLED, models.offer(a));
            AtomicBoolean stop = new AtomicBoolean();
            Thread swapper = new Thread(() -> {
                boolean toB = true;
                while (!stop.get()) {
                    models.offer(toB ? b : a);
                    toB = !toB;
                }
            });
            swapper.start();
            List<CompletableFuture<Scored>> results = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (Ecg e : ecgs) {
                    results.add(engine.submit(e));
                }
            }
            CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).join();
            stop.set(true);
            swapper.join();

            Map<String, Integer> byModel = new HashMap<>();
            for (int i = 0; i < results.size(); i++) {
                Scored s = results.get(i).join();
                String version = s.model().release();
                byModel.merge(version, 1, Integer::sum);
                assertEquals(bare.get(version)[i % ecgs.size()], s.probability(), 1e-4,
                        "ECG " + i + " scored by " + version + " as the bare model scores it");
            }
            assertEquals(2, byModel.size(), "both models scored some ECGs: " + byModel);
            assertTrue(models.swapCount() > 2, "swapped while scoring: " + models.swapCount());
            assertTrue(batchSizes.stream().anyMatch(n -> n > 1), "ECGs were batched: " + batchSizes);
        }
    }
}
