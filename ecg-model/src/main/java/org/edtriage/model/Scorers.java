package org.edtriage.model;

import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.features.FeatureScorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Any checkpoint as an {@link EcgScorer}: a zoo network ({@link NetworkScorer}), the feature model ({@link FeatureScorer}) or
 * an ensemble of either ({@link EnsembleScorer}).
 */
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
        if (Checkpoint.isEnsemble(manifest)) {
            Checkpoint.LoadedEnsemble loaded = Checkpoint.loadEnsemble(checkpoint);
            List<EcgScorer> members = new ArrayList<>();
            try {
                for (Path member : loaded.members()) {
                    members.add(fromCheckpoint(member, poolSize));
                }
                return new EnsembleScorer(members, manifest.modelId(), loaded.sha256());
            } catch (Throwable e) { // an engine's Error too: the members loaded so far hold native memory
                members.forEach(EcgScorer::close);
                throw e;
            }
        }
        return NetworkScorer.fromCheckpoint(checkpoint, poolSize);
    }
}
