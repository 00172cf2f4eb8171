package org.edtriage.model.checkpoint;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.edtriage.ecg.io.Folders;
import org.edtriage.model.features.FeatureModel;
import org.edtriage.model.zoo.Architectures;
import org.edtriage.model.zoo.EcgNetwork;
import org.edtriage.model.zoo.Head;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A network's or the feature model's checkpoint is a directory of three files: {@code parameters.params} (DJL's parameter encoding of the
 * whole network) — or, for the {@link FeatureModel}, {@code booster.ubj} (XGBoost's own format) —,
 * {@code model.json} (the {@link ModelManifest}) and {@code SHA256SUMS} (the SHA-256 of the
 * other two, in {@code sha256sum} format, so {@code sha256sum -c SHA256SUMS} checks it by hand too). The
 * checkpoint's identity is the SHA-256 of {@code SHA256SUMS}. Checkpoints are immutable: written to a
 * temporary sibling and moved into place in one step, never overwritten.
 *
 * <p>An <em>ensemble</em> (architecture {@link #ENSEMBLE}) scores the mean of its members' probabilities: its
 * {@code members/1/}, {@code members/2/}, … are complete checkpoints of the same contract, and its {@code SHA256SUMS}
 * lists {@code model.json} and each member's {@code SHA256SUMS}, so its digest covers every member's files; a member
 * folder it does not list is refused, not ignored. Members are never ensembles themselves. What {@code SHA256SUMS}
 * must list follows from the manifest's architecture, so no kind of checkpoint can pass for another.
 *
 * <p>Loading refuses — with the reason — a checkpoint whose files are missing or altered, whose manifest is
 * unreadable or of an unknown format, names an unknown architecture or head, declares a contract other
 * than the architecture's, or whose parameters do not have the architecture's shapes.
 */
public final class Checkpoint {
    public static final String MANIFEST = "model.json";
    public static final String PARAMETERS = "parameters.params";
    public static final String SUMS = "SHA256SUMS";
    public static final String BOOSTER = FeatureModel.FILE;
    /** The architecture of a mean of members; its head is {@link #MEAN_HEAD}. */
    public static final String ENSEMBLE = "ensemble";
    public static final String MEAN_HEAD = "mean";
    static final String MEMBERS = "members";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES); // newer writers may add fields

    /** A verified checkpoint: its manifest, the network with its parameters, and its digest. */
    public record Loaded(Path directory, ModelManifest manifest, EcgNetwork network, String sha256) {
    }

    /** A verified feature-model checkpoint. */
    public record LoadedFeatureModel(Path directory, ModelManifest manifest, FeatureModel model, String sha256) {
    }

    /** A verified ensemble: its manifest and its members' directories, in order. */
    public record LoadedEnsemble(Path directory, ModelManifest manifest, java.util.List<Path> members, String sha256) {
    }

    /** Whether a manifest is an ensemble's (a mean of member checkpoints). */
    public static boolean isEnsemble(ModelManifest manifest) {
        return ENSEMBLE.equals(manifest.architecture());
    }

    /** Whether a manifest's architecture is the feature model's rather than a network's. */
    public static boolean isFeatureModel(ModelManifest manifest) {
        return FeatureModel.ARCHITECTURE.equals(manifest.architecture());
    }

    private Checkpoint() {
    }

    /**
     * Writes {@code network} (initialised, trained or not) with {@code manifest} to the new directory
     * {@code dir}; the manifest's architecture, head and contract must be the network's. Returns the
     * checkpoint's SHA-256.
     */
    public static String save(Path dir, EcgNetwork network, ModelManifest manifest) throws IOException {
        if (!network.architecture().equals(manifest.architecture())) {
            throw new IllegalArgumentException("manifest says " + manifest.architecture() + ", network is " + network.architecture());
        }
        if (!network.head().id().equals(manifest.head())) {
            throw new IllegalArgumentException("manifest says head " + manifest.head() + ", network has " + network.head().id());
        }
        if (!ModelManifest.Contract.of(network.contract()).equals(manifest.contract())) {
            throw new IllegalArgumentException("manifest contract " + manifest.contract() + " is not the network's " + network.contract());
        }
        ModelManifest complete = new ModelManifest(ModelManifest.FORMAT_VERSION, manifest.modelId(), manifest.architecture(),
                manifest.head(), manifest.contract(), manifest.trainingData(), manifest.metrics(), manifest.thresholds(),
                manifest.parent(), manifest.createdAt(), network.trainableParameters(),
                manifest.framework() == null ? framework() : manifest.framework());
        return write(dir, complete, tmp -> {
            try (java.io.OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp.resolve(PARAMETERS)))) {
                network.block().saveParameters(new DataOutputStream(out));
            }
            return java.util.List.of(PARAMETERS);
        });
    }

    /**
     * Writes a feature model with its manifest (architecture {@link FeatureModel#ARCHITECTURE}, its contract, head
     * {@code binary}); returns the checkpoint's SHA-256. The manifest's parameter count is the number of trees.
     */
    public static String save(Path dir, FeatureModel model, ModelManifest manifest) throws IOException {
        if (!isFeatureModel(manifest)) {
            throw new IllegalArgumentException("manifest says " + manifest.architecture() + ", the model is " + FeatureModel.ARCHITECTURE);
        }
        if (!ModelManifest.Contract.of(FeatureModel.contract()).equals(manifest.contract())) {
            throw new IllegalArgumentException("manifest contract " + manifest.contract() + " is not the feature model's");
        }
        ModelManifest complete = new ModelManifest(ModelManifest.FORMAT_VERSION, manifest.modelId(), manifest.architecture(),
                manifest.head(), manifest.contract(), manifest.trainingData(), manifest.metrics(), manifest.thresholds(),
                manifest.parent(), manifest.createdAt(), model.trees(),
                manifest.framework() == null ? "XGBoost4J " + ml.dmlc.xgboost4j.java.XGBoost.class.getPackage().getImplementationVersion()
                        : manifest.framework());
        byte[] bytes = model.toBytes();
        return write(dir, complete, tmp -> {
            Files.write(tmp.resolve(BOOSTER), bytes);
            return java.util.List.of(BOOSTER);
        });
    }

    /**
     * Writes an ensemble of the verified checkpoints {@code members} (at least two, none an ensemble, all of the
     * manifest's contract), copied into it, with {@code manifest} (architecture {@link #ENSEMBLE}); returns its SHA-256.
     * The manifest's parameter count becomes the members' total.
     */
    public static String saveEnsemble(Path dir, java.util.List<Path> members, ModelManifest manifest) throws IOException, CheckpointException {
        if (!isEnsemble(manifest)) {
            throw new IllegalArgumentException("manifest says " + manifest.architecture() + ", not " + ENSEMBLE);
        }
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two members, got " + members.size());
        }
        long parameters = 0;
        String framework = null;
        java.util.List<String> artifacts = new java.util.ArrayList<>();
        for (Path member : members) {
            ModelManifest m = readVerifiedManifest(member);
            artifacts.add(isFeatureModel(m) ? BOOSTER : PARAMETERS);
            if (isEnsemble(m)) {
                throw new IllegalArgumentException(member + " is an ensemble: ensembles do not nest");
            }
            if (!m.contract().equals(manifest.contract())) {
                throw new IllegalArgumentException(member + " takes " + m.contract() + ", the ensemble " + manifest.contract());
            }
            if (m.trainingData() == null && manifest.trainingData() != null) {
                throw new IllegalArgumentException(member + " was never trained: a trained ensemble of it would score noise");
            }
            parameters += m.trainableParameters();
            framework = framework == null ? m.framework() : framework;
        }
        ModelManifest complete = new ModelManifest(ModelManifest.FORMAT_VERSION, manifest.modelId(), ENSEMBLE, MEAN_HEAD, manifest.contract(),
                manifest.trainingData(), manifest.metrics(), manifest.thresholds(), manifest.parent(), manifest.createdAt(), parameters,
                manifest.framework() == null ? framework : manifest.framework());
        String digest = write(dir, complete, tmp -> {
            java.util.List<String> listed = new java.util.ArrayList<>();
            for (int k = 0; k < members.size(); k++) {
                // the files the member's sums list, nothing else (a stored copy's patient list stays out of a release)
                Path copy = Files.createDirectories(tmp.resolve(MEMBERS).resolve(Integer.toString(k + 1)));
                for (String file : java.util.List.of(MANIFEST, SUMS, artifacts.get(k))) {
                    Files.copy(members.get(k).resolve(file), copy.resolve(file));
                }
                listed.add(MEMBERS + "/" + (k + 1) + "/" + SUMS);
            }
            return listed;
        });
        verifySums(dir); // the members copied are the members verified above
        return digest;
    }

    /** Fills a checkpoint's temporary directory with its artifacts; returns the files its sums list beside the manifest. */
    private interface Artifacts {
        java.util.List<String> writeInto(Path tmp) throws IOException;
    }

    /** The manifest, the artifact and their sums into a temporary sibling, moved into place in one step. */
    private static String write(Path dir, ModelManifest complete, Artifacts artifacts) throws IOException {
        if (Files.exists(dir)) {
            throw new IOException(dir + " exists: checkpoints are never overwritten");
        }
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + dir.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            java.util.List<String> listed = artifacts.writeInto(tmp);
            Files.write(tmp.resolve(MANIFEST), JSON.writeValueAsBytes(complete));
            StringBuilder sums = new StringBuilder(sha256(tmp.resolve(MANIFEST)) + "  " + MANIFEST + "\n");
            for (String file : listed) {
                sums.append(sha256(tmp.resolve(file))).append("  ").append(file).append("\n");
            }
            Files.writeString(tmp.resolve(SUMS), sums, StandardCharsets.US_ASCII);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return sha256(sums.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    /** Verifies and loads a feature-model checkpoint. */
    public static LoadedFeatureModel loadFeatureModel(Path dir) throws CheckpointException {
        String digest = verifySums(dir);
        ModelManifest manifest = readManifest(dir);
        if (!isFeatureModel(manifest)) {
            throw new CheckpointException(dir, "holds a " + manifest.architecture() + " network, not a feature model");
        }
        if (!ModelManifest.Contract.of(FeatureModel.contract()).equals(manifest.contract())) {
            throw new CheckpointException(dir, "manifest contract " + manifest.contract() + " is not the feature model's");
        }
        FeatureModel model;
        try {
            model = FeatureModel.fromBytes(Files.readAllBytes(dir.resolve(BOOSTER)));
        } catch (IOException e) {
            throw new CheckpointException(dir, BOOSTER + " is not a readable XGBoost model: " + e.getMessage(), e);
        }
        int trees = model.trees();
        if (trees != manifest.trainableParameters()) {
            model.close();
            throw new CheckpointException(dir, "manifest says " + manifest.trainableParameters() + " trees, the booster has " + trees);
        }
        return new LoadedFeatureModel(dir, manifest, model, digest);
    }

    /**
     * Verifies an ensemble (its own files and every member's) and names its members; loading each member is the
     * caller's ({@code Scorers}). Refused if a member's contract is not the ensemble's.
     */
    public static LoadedEnsemble loadEnsemble(Path dir) throws CheckpointException {
        Verified verified = verify(dir, true);
        ModelManifest manifest = readManifest(dir);
        if (!isEnsemble(manifest)) {
            throw new CheckpointException(dir, "holds a " + manifest.architecture() + ", not an ensemble");
        }
        java.util.List<Path> members = new java.util.ArrayList<>();
        long parameters = 0;
        for (int k = 1; k <= verified.members(); k++) {
            Path member = dir.resolve(MEMBERS).resolve(Integer.toString(k));
            ModelManifest m = readManifest(member);
            if (!m.contract().equals(manifest.contract())) {
                throw new CheckpointException(dir, "member " + k + " takes " + m.contract() + ", the ensemble " + manifest.contract());
            }
            parameters += m.trainableParameters();
            members.add(member);
        }
        if (parameters != manifest.trainableParameters()) {
            throw new CheckpointException(dir, "manifest says " + manifest.trainableParameters() + " parameters, the members have " + parameters);
        }
        return new LoadedEnsemble(dir, manifest, members, verified.sha256());
    }

    /** Verifies and loads a checkpoint; its network's parameters live on {@code manager}. */
    public static Loaded load(Path dir, NDManager manager) throws CheckpointException {
        String digest = verifySums(dir);
        ModelManifest manifest = readManifest(dir);
        if (isFeatureModel(manifest) || isEnsemble(manifest)) {
            throw new CheckpointException(dir, (isEnsemble(manifest) ? "holds an ensemble" : "holds a feature model") + ", not a network");
        }
        EcgNetwork network = build(dir, manifest);
        network.initialize(manager);
        Map<String, Shape> expected = shapes(network);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMETERS))))) {
            network.block().loadParameters(manager, in);
            if (in.read() != -1) {
                throw new CheckpointException(dir, PARAMETERS + " holds more than the " + manifest.architecture() + " parameters");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new CheckpointException(dir, PARAMETERS + " does not hold " + manifest.architecture() + "/" + manifest.head()
                    + " parameters: " + e.getMessage(), e);
        }
        Map<String, Shape> loaded = shapes(network);
        if (!loaded.equals(expected)) {
            throw new CheckpointException(dir, "parameter shapes are not those of " + manifest.architecture() + "/" + manifest.head());
        }
        if (network.trainableParameters() != manifest.trainableParameters()) {
            throw new CheckpointException(dir, "manifest says " + manifest.trainableParameters() + " trainable parameters, the "
                    + manifest.architecture() + " network has " + network.trainableParameters());
        }
        return new Loaded(dir, manifest, network, digest);
    }

    /** The manifest alone, after the file hashes are verified (for listings and release records). */
    public static ModelManifest readVerifiedManifest(Path dir) throws CheckpointException {
        verifySums(dir);
        return readManifest(dir);
    }

    /** The checkpoint's SHA-256 (of its SHA256SUMS), after verifying every file against it. */
    public static String verifySums(Path dir) throws CheckpointException {
        return verify(dir, true).sha256();
    }

    /** A checkpoint whose listed files all match: its digest, and how many members an ensemble lists (0 otherwise). */
    private record Verified(String sha256, int members) {
    }

    private static Verified verify(Path dir, boolean membersAllowed) throws CheckpointException {
        byte[] sums;
        try {
            sums = Files.readAllBytes(dir.resolve(SUMS));
        } catch (NoSuchFileException e) {
            throw new CheckpointException(dir, "no " + SUMS + " (not a checkpoint, or an incomplete copy)");
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot read " + SUMS + ": " + e.getMessage(), e);
        }
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : new String(sums, StandardCharsets.US_ASCII).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new CheckpointException(dir, SUMS + " has a malformed line: " + line);
            }
            listed.put(parts[1], parts[0]);
        }
        int members = membersAllowed ? members(listed.keySet()) : 0;
        if (!listed.keySet().equals(java.util.Set.of(MANIFEST, PARAMETERS)) && !listed.keySet().equals(java.util.Set.of(MANIFEST, BOOSTER))
                && members < 2) {
            throw new CheckpointException(dir, SUMS + " must list exactly " + MANIFEST + " and " + PARAMETERS + " (or " + BOOSTER
                    + (membersAllowed ? ", or the " + SUMS + " of members/1, members/2, …" : "") + "), lists " + listed.keySet());
        }
        for (var entry : listed.entrySet()) {
            Path file = dir.resolve(entry.getKey());
            String actual;
            try {
                actual = sha256(file);
            } catch (NoSuchFileException e) {
                throw new CheckpointException(dir, entry.getKey() + " is missing");
            } catch (IOException e) {
                throw new CheckpointException(dir, "cannot read " + entry.getKey() + ": " + e.getMessage(), e);
            }
            if (!actual.equals(entry.getValue())) {
                throw new CheckpointException(dir, entry.getKey() + " has SHA-256 " + actual + " but " + SUMS + " says "
                        + entry.getValue() + " (altered or corrupt)");
            }
        }
        // what must be listed follows from what the manifest says the checkpoint is
        ModelManifest manifest = readManifest(dir);
        if (isEnsemble(manifest) && !membersAllowed) {
            throw new CheckpointException(dir, "is an ensemble: ensembles do not nest");
        }
        boolean fits = isEnsemble(manifest) ? members >= 2
                : listed.keySet().equals(java.util.Set.of(MANIFEST, isFeatureModel(manifest) ? BOOSTER : PARAMETERS));
        if (!fits) {
            throw new CheckpointException(dir, SUMS + " lists " + listed.keySet() + ", not what a checkpoint of architecture "
                    + manifest.architecture() + " holds");
        }
        if (members > 0) {
            java.util.Set<String> folders = new java.util.TreeSet<>();
            try (var entries = Files.list(dir.resolve(MEMBERS))) {
                entries.forEach(e -> folders.add(e.getFileName().toString()));
            } catch (IOException e) {
                throw new CheckpointException(dir, "cannot list " + MEMBERS + ": " + e.getMessage(), e);
            }
            for (String folder : folders) {
                if (!folder.matches("[1-9][0-9]{0,5}") || Integer.parseInt(folder) > members) {
                    throw new CheckpointException(dir, MEMBERS + "/" + folder + " is not listed in " + SUMS + " (" + members + " members)");
                }
            }
        }
        for (int k = 1; k <= members; k++) {
            try {
                verify(dir.resolve(MEMBERS).resolve(Integer.toString(k)), false);
            } catch (CheckpointException e) {
                throw new CheckpointException(dir, "member " + k + ": " + e.getMessage(), e);
            }
        }
        return new Verified(sha256(sums), members);
    }

    /** n when the listed files are the manifest and members/1/SHA256SUMS … members/n/SHA256SUMS, else 0. */
    private static int members(java.util.Set<String> listed) {
        int n = listed.size() - 1;
        java.util.Set<String> expected = new java.util.HashSet<>();
        expected.add(MANIFEST);
        for (int k = 1; k <= n; k++) {
            expected.add(MEMBERS + "/" + k + "/" + SUMS);
        }
        return listed.equals(expected) ? n : 0;
    }

    private static ModelManifest readManifest(Path dir) throws CheckpointException {
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(dir.resolve(MANIFEST).toFile(), ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(dir, MANIFEST + " is not a valid manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(dir, "cannot read " + MANIFEST + ": " + e.getMessage(), e);
        }
        if (manifest.formatVersion() != ModelManifest.FORMAT_VERSION) {
            throw new CheckpointException(dir, "manifest format " + manifest.formatVersion() + " is not the supported "
                    + ModelManifest.FORMAT_VERSION);
        }
        if (manifest.architecture() == null || manifest.head() == null || manifest.contract() == null) {
            throw new CheckpointException(dir, MANIFEST + " must name an architecture, a head and a contract");
        }
        return manifest;
    }

    private static EcgNetwork build(Path dir, ModelManifest manifest) throws CheckpointException {
        EcgNetwork network;
        try {
            network = Architectures.build(manifest.architecture(), Head.parse(manifest.head()));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(dir, e.getMessage(), e);
        }
        ModelManifest.Contract declared = manifest.contract();
        ModelManifest.Contract actual = ModelManifest.Contract.of(network.contract());
        if (!declared.equals(actual)) {
            throw new CheckpointException(dir, "manifest contract " + declared + " is not " + manifest.architecture()
                    + "'s " + actual);
        }
        return network;
    }

    private static Map<String, Shape> shapes(EcgNetwork network) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        network.block().getParameters().forEach(p -> shapes.put(p.getKey(), p.getValue().getArray().getShape()));
        return shapes;
    }

    static String framework() {
        return "DJL " + ai.djl.engine.Engine.getDjlVersion() + " / " + ai.djl.engine.Engine.getEngine("PyTorch").getEngineName()
                + " " + ai.djl.engine.Engine.getEngine("PyTorch").getVersion();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Folders.deleteTree(dir);
        } catch (IOException ignored) {
            // best effort: a leftover .tmp- directory is never mistaken for a checkpoint (no move happened)
        }
    }
}
