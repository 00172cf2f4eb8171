package org.edtriage.model.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.edtriage.model.checkpoint.Checkpoint;
import org.edtriage.model.checkpoint.CheckpointException;
import org.edtriage.model.checkpoint.ModelManifest;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Where released models live. The default is a directory ({@code file:} URI or a plain path):
 * {@code <root>/<model>/<version>/} holds the checkpoint (as written by {@link Checkpoint}) and
 * {@code training-patients.txt} (every patient whose ECGs trained it: the training cycle's release gate
 * keeps them out of the test set it compares the next challenger with this model on);
 * {@code <root>/<model>/decisions.jsonl} is the append-only log of every
 * release, rejection and rollback. The active model is the newest released-or-rolled-back entry.
 * Other URI schemes (object storage) are refused by name until implemented.
 */
public final class ModelStore {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One line of the decision log. */
    public record Decision(String model, String version, String kind, String reason, String architecture, String sha256,
                           String artifactUri, Instant at, java.util.Map<String, Double> metrics, java.util.Map<String, Double> thresholds) {
        public static final String RELEASED = "released";
        public static final String REJECTED = "rejected";
        public static final String ROLLBACK = "rollback";

        public boolean active() {
            return RELEASED.equals(kind) || ROLLBACK.equals(kind);
        }

        /** The checkpoint's training window (target data), for the release event; nulls when unknown. */
        public Instant[] trainingWindow() {
            try {
                var data = Checkpoint.readVerifiedManifest(Path.of(URI.create(artifactUri))).trainingData();
                return data == null ? new Instant[2] : new Instant[]{data.from(), data.to()};
            } catch (CheckpointException e) {
                return new Instant[2];
            }
        }
    }

    private final URI uri;
    private final Path root;

    private ModelStore(URI uri, Path root) {
        this.uri = uri;
        this.root = root;
    }

    public static ModelStore open(String location) throws IOException {
        URI uri = location.contains("://") || location.startsWith("file:") ? URI.create(location) : Path.of(location).toAbsolutePath().toUri();
        if (!"file".equals(uri.getScheme())) {
            throw new IOException("model store " + location + ": scheme '" + uri.getScheme() + "' is not supported yet (only file: and plain directories)");
        }
        Path root = Files.createDirectories(Path.of(uri));
        return new ModelStore(uri, root);
    }

    public URI uri() {
        return uri;
    }

    public Path checkpoint(String model, String version) {
        return root.resolve(model).resolve(version);
    }

    /**
     * Copies a checkpoint into the store under a new version and logs the decision (released or rejected).
     * Rejected challengers are kept too, so the log's reasons can be checked against the model.
     */
    public Decision record(String model, Path checkpoint, Collection<String> trainingPatients, boolean released, String reason) throws IOException {
        ModelManifest manifest;
        String sha;
        try {
            sha = Checkpoint.verifySums(checkpoint);
            manifest = Checkpoint.readVerifiedManifest(checkpoint);
        } catch (CheckpointException e) {
            throw new IOException("refusing to store " + checkpoint + ": " + e.getMessage(), e);
        }
        String version = Instant.now().toString().replace(":", "").replace("-", "").replace(".", "") + "-" + sha.substring(0, 8);
        Path target = checkpoint(model, version);
        Files.createDirectories(target.getParent());
        Path tmp = target.getParent().resolve("." + version + ".tmp-" + UUID.randomUUID());
        org.edtriage.ecg.io.Folders.copyTree(checkpoint, tmp);
        String problem;
        try {
            problem = Checkpoint.verifySums(tmp).equals(sha) ? null : "it is not the checkpoint verified (changed while copied)";
        } catch (CheckpointException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            org.edtriage.ecg.io.Folders.deleteTree(tmp);
            throw new IOException("refusing to store " + checkpoint + ": the copy does not verify: " + problem);
        }
        Files.write(tmp.resolve("training-patients.txt"), new TreeSet<>(trainingPatients), StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Decision decision = new Decision(model, version, released ? Decision.RELEASED : Decision.REJECTED, reason, manifest.architecture(), sha,
                target.toUri().toString(), Instant.now(), manifest.metrics(), manifest.thresholds());
        append(model, decision);
        return decision;
    }

    /** Makes an earlier release active again (a new log entry; nothing is deleted). */
    public Decision rollback(String model, String version, String reason) throws IOException {
        List<Decision> all = decisions(model);
        Decision earlier = all.stream().filter(d -> d.version().equals(version) && d.active()).reduce((a, b) -> b)
                .orElseThrow(() -> new IOException("no release " + version + " of " + model + " to roll back to; releases: "
                        + all.stream().filter(Decision::active).map(Decision::version).distinct().toList()));
        try {
            String sha = Checkpoint.verifySums(checkpoint(model, version));
            if (!sha.equals(earlier.sha256())) {
                throw new IOException("release " + version + " was altered on disk (SHA-256 " + sha + ", recorded " + earlier.sha256() + ")");
            }
        } catch (CheckpointException e) {
            throw new IOException("release " + version + " cannot be verified: " + e.getMessage(), e);
        }
        Decision d = new Decision(model, version, Decision.ROLLBACK, reason, earlier.architecture(), earlier.sha256(), earlier.artifactUri(),
                Instant.now(), earlier.metrics(), earlier.thresholds());
        append(model, d);
        return d;
    }

    public List<Decision> decisions(String model) throws IOException {
        Path log = root.resolve(model).resolve("decisions.jsonl");
        List<Decision> out = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(JSON.readValue(line, Decision.class));
                }
            }
        }
        return out;
    }

    /** The model the scorers should run now, if any. */
    public Optional<Decision> active(String model) throws IOException {
        List<Decision> all = decisions(model);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).active()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public Set<String> trainingPatients(String model, String version) throws IOException {
        Path file = checkpoint(model, version).resolve("training-patients.txt");
        return Files.exists(file) ? new TreeSet<>(Files.readAllLines(file, StandardCharsets.UTF_8)) : Set.of();
    }

    private synchronized void append(String model, Decision d) throws IOException {
        Path log = Files.createDirectories(root.resolve(model)).resolve("decisions.jsonl");
        Files.writeString(log, JSON.writeValueAsString(d) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }
}
