package org.edtriage.model;

import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.features.FeatureScorer;

import java.nio.file.Path;

/** Any checkpoint as an {@link EcgScorer}: a zoo network ({@link NetworkScorer}) or the feature model ({@link FeatureScorer}). */
public final class Scorers {
    private Scorers() {
    }

    /**
     * Verifies and loads the checkpoint (refused with the reason if corrupt or mismatched); its version is the
     * checkpoint's SHA-256.
     *
     * @param poolSize predictors for a network (concurrent callers); the feature model needs none
     */
    public static EcgScorer fromCheckpoint(Path checkpoint, int poolSize) throws CheckpointException {
        ModelManifest manifest = Checkpoint.readVerifiedManifest(checkpoint);
        if (Checkpoint.isFeatureModel(manifest)) {
            Checkpoint.LoadedFeatureModel loaded = Checkpoint.loadFeatureModel(checkpoint);
            return new FeatureScorer(loaded.model(), loaded.manifest().modelId(), loaded.sha256());
        }
        return NetworkScorer.fromCheckpoint(checkpoint, poolSize);
    }
}
