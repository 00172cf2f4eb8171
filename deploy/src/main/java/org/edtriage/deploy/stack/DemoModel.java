package org.edtriage.deploy.stack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.edtriage.ecg.io.Folders;
import org.edtriage.ecg.simulate.Cohort;
import org.edtriage.ecg.simulate.CohortConfig;
import org.edtriage.ecg.simulate.CohortEvent;
import org.edtriage.model.NetworkScorer;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.ModelManifest;
import org.edtriage.model.store.ModelStore;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The local stack's model until one is trained: an UNTRAINED CNN-20k (or another zoo architecture), released into the stack's model store
 * as a placeholder (its manifest has no training data, so every score and alert says so, and only a scoring
 * service configured for demos accepts it). Its thresholds are the 50th and 85th percentiles of its own scores
 * on simulated chest-pain ECGs, so the demo shows every alert level; they mean nothing clinically.
 */
public final class DemoModel {
    public static final String MODEL = "ami";
    private static final int SEED = 20261122;

    private DemoModel() {
    }

    /** The store's active release of {@link #MODEL}, creating an untrained CNN-20k placeholder first if there is none. */
    public static ModelStore.Decision ensure(Path storeDir) throws Exception {
        return ensure(storeDir, "cnn20k");
    }

    /** As {@link #ensure(Path)}, with a placeholder of the given zoo architecture (load tests measure each). */
    public static ModelStore.Decision ensure(Path storeDir, String architecture) throws Exception {
        ModelStore store = ModelStore.open(storeDir.toString());
        var active = store.active(MODEL);
        if (active.isPresent()) {
            return active.get();
        }
        return releaseNew(storeDir, architecture, SEED);
    }

    /**
     * Releases another untrained placeholder of that architecture (weights from {@code seed}) into the store, as the
     * new active release: what a load test's "model release under load" publishes.
     */
    public static ModelStore.Decision releaseNew(Path storeDir, String architecture, int seed) throws Exception {
        ModelStore store = ModelStore.open(storeDir.toString());
        Path temp = Files.createTempDirectory("demo-model");
        Path checkpoint = temp.resolve(architecture + "-untrained");
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Engine.getEngine("PyTorch").setRandomSeed(seed);
            EcgNetwork net = Architectures.build(architecture, new Head.NystromTransfer());
            net.initialize(manager);
            double[] thresholds = percentiles(net, 0.50, 0.85);
            Checkpoint.save(checkpoint, net, new ModelManifest(ModelManifest.FORMAT_VERSION, "demo-" + architecture + "-untrained", architecture,
                    net.head().id(), ModelManifest.Contract.of(net.contract()), null, Map.of(),
                    Map.of("ruleOut", thresholds[0], "ruleIn", thresholds[1]), null, Instant.now(), 0, null));
        }
        try {
            return store.record(MODEL, checkpoint, Set.of(), true, "local demo: an untrained " + architecture
                    + " placeholder (scores carry no clinical meaning) until a model is trained and released");
        } finally {
            Folders.deleteTree(temp); // the store keeps its own copy
        }
    }

    private static double[] percentiles(EcgNetwork net, double low, double high) {
        Cohort cohort = new Cohort(CohortConfig.defaults(SEED, 2_000).withAmiIncidence(0.15));
        List<float[][]> inputs = new ArrayList<>();
        while (inputs.size() < 40 && cohort.hasNext()) {
            if (cohort.next() instanceof CohortEvent.Recording r && r.visit().chestPain()) {
                inputs.add(net.contract().prepare(r.synthesize().ecg()));
            }
        }
        try (NetworkScorer scorer = NetworkScorer.of(net, "demo", "demo", 1)) {
            float[] p = scorer.score(inputs);
            Arrays.sort(p);
            return new double[]{p[(int) (low * (p.length - 1))], p[(int) (high * (p.length - 1))]};
        }
    }
}
