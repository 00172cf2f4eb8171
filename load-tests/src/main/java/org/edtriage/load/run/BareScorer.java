package org.edtriage.load.run;

import org.edtriage.model.EcgScorer;
import org.edtriage.model.Scorers;
import org.edtriage.model.store.ModelStore;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bare scorer's throughput on the stack's own active model, measured in the same run as the pipeline (after
 * the load, with the stack idle): {@code EcgScorer.score} on batches of 32 already-prepared ECGs, one PyTorch
 * thread as the scoring service uses. The ratio pipeline/bare says what the platform costs around the model.
 */
final class BareScorer {
    private BareScorer() {
    }

    static double ecgsPerSecond(Path modelStore, Workload workload, int seconds) throws Exception {
        var active = ModelStore.open(modelStore.toString()).active("ami").orElseThrow();
        try (EcgScorer scorer = Scorers.fromCheckpoint(Path.of(URI.create(active.artifactUri())), 1)) {
            List<float[][]> inputs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                inputs.add(scorer.contract().prepare(workload.ecg(i, java.time.Instant.now())));
            }
            for (int i = 0; i < 3; i++) {
                scorer.score(inputs.subList(0, 32));
            }
            long n = 0, t0 = System.nanoTime(), end = t0 + seconds * 1_000_000_000L;
            for (int i = 0; System.nanoTime() < end; i = (i + 32) % 64) {
                scorer.score(inputs.subList(i, i + 32));
                n += 32;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
