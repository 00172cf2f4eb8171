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
 * The local stack's model. By default the shipped one: a network trained on simulated data by
 * {@code ./triage train demo-model} (its manifest says so and that it is not for clinical use), verified against
 * {@link #TRAINED_SHA256} before it is released into the stack's store. On request, for load tests that measure
 * other architectures, an UNTRAINED placeholder of any zoo architecture (its manifest has no training data, so
 * every score and alert says so, and only a scoring service configured for demos accepts it; its thresholds are
 * the 50th and 85th percentiles of its own scores on simulated chest-pain ECGs, so every alert level shows).
 */
public final class DemoModel {
    public static final String MODEL = "ami";
    private static final int SEED = 20261122;
    /** Where the shipped checkpoint lies in the triage jar. */
    static final String TRAINED_RESOURCE = "/org/edtriage/deploy/stack/demo-model/";
    /** The shipped checkpoint's identity (SHA-256 of its SHA256SUMS), printed by {@code ./triage train demo-model}. */
    public static final String TRAINED_SHA256 = "9775597f5e77db4da25e84522bfb968942fb378cb9b497ebf6a60dc38ea556a7";
    public static final String TRAINED_ARCHITECTURE = "cnn20k-beat";

    private DemoModel() {
    }

    /** The store's active release of {@link #MODEL}, releasing the shipped trained model first if there is none. */
    public static ModelStore.Decision ensureTrained(Path storeDir) throws Exception {
        ModelStore store = ModelStore.open(storeDir.toString());
        var active = store.active(MODEL);
        if (active.isPresent()) {
            return active.get();
        }
        Path temp = Files.createTempDirectory("demo-model");
        try {
            Path checkpoint = shipped(temp);
            var manifest = Checkpoint.readVerifiedManifest(checkpoint);
            return store.record(MODEL, checkpoint, Set.of(), true, "local demo: the shipped " + manifest.architecture() + ", "
                    + manifest.trainingData().description());
        } finally {
            Folders.deleteTree(temp);
        }
    }

    /** The shipped checkpoint, copied out of the jar into {@code dir} and verified: its files and its identity. */
    static Path shipped(Path dir) throws Exception {
        Path checkpoint = dir.resolve("demo-model");
        Files.createDirectories(checkpoint);
        for (String file : List.of(Checkpoint.MANIFEST, Checkpoint.PARAMETERS, Checkpoint.SUMS)) {
            try (var in = DemoModel.class.getResourceAsStream(TRAINED_RESOURCE + file)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped demo model lacks " + file + " (" + TRAINED_RESOURCE + ")");
                }
                Files.copy(in, checkpoint.resolve(file));
            }
        }
        String sha = Checkpoint.verifySums(checkpoint);
        if (!sha.equals(TRAINED_SHA256)) {
            throw new IllegalStateException("the shipped demo model is " + sha + ", DemoModel.TRAINED_SHA256 says " + TRAINED_SHA256);
        }
        return checkpoint;
    }

    /** The store's active release of {@link #MODEL}, creating an untrained placeholder of that architecture first if there is none. */
    public static ModelStore.Decision ensurePlaceholder(Path storeDir, String architecture) throws Exception {
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
