package org.edtriage.scoring;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.simulate.EcgSynthesizer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;
import org.edtriage.schemas.events.EcgRecorded;
import org.edtriage.schemas.events.ModelRelease;
import org.edtriage.schemas.mapping.EcgEvents;
import org.edtriage.schemas.mapping.ModelReleases;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: real checkpoints of zoo networks (seeded, not trained — the tests are about plumbing, the
 * manifest says "test fixture") with the release event that announces them, and synthetic ECG events.
 */
public final class TestModels {
    private TestModels() {
    }

    /** A CNN-20k checkpoint under {@code dir} and its release; {@code trained=false} writes an untrained network's manifest. */
    public static ModelRelease release(Path dir, String model, String version, long seed, double ruleOut, double ruleIn, boolean trained) throws Exception {
        String sha;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            EcgNetwork net = Architectures.cnn20k(new Head.NystromTransfer());
            net.initialize(manager);
            sha = Checkpoint.save(dir, net, new ModelManifest(ModelManifest.FORMAT_VERSION, model + "-" + version, "cnn20k", net.head().id(),
                    ModelManifest.Contract.of(net.contract()),
                    trained ? new ModelManifest.TrainingData(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2025-06-30T00:00:00Z"), 1, 1,
                            "test fixture: seeded, not trained") : null,
                    Map.of("auc.temporalTest", 0.8), Map.of("ruleOut", ruleOut, "ruleIn", ruleIn), null, Instant.now(), 0, null));
        }
        return ModelReleases.of(model, version, "cnn20k", dir.toUri().toString(), sha, Map.of("auc.temporalTest", 0.8),
                Map.of("ruleOut", ruleOut, "ruleIn", ruleIn), null, null, Instant.now(), "test fixture");
    }

    public static Ecg ecg(String ecgId, Instant acquiredAt, double heartRate, double stMv) {
        return EcgSynthesizer.example(ecgId, acquiredAt, 10, heartRate, stMv, 66, Sex.MALE, ecgId.hashCode());
    }

    public static EcgRecorded event(String ecgId, String patientId, String visitId, Instant acquiredAt, double heartRate, double stMv) {
        return EcgEvents.toEvent(ecg(ecgId, acquiredAt, heartRate, stMv), new EcgEvents.Provenance(ecgId, patientId, visitId, "test", ecgId, null,
                acquiredAt.plusSeconds(30)), List.of());
    }
}
