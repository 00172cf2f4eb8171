package org.edtriage.training.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which patients a pre-trained body learnt from, kept beside its checkpoint ({@value #FILE}, one pseudonymised patient
 * id per line). A body is reused across runs (a benchmark's {@code --bodies}, the training cycle's body reuse) while
 * the split moves on: a source patient who has since come with chest pain may sit in a validation or test part, and a
 * model fine-tuned from that body would be judged on a patient it saw. The list lets every reuse check that.
 */
public final class BodyProvenance {
    public static final String FILE = "source-patients.txt";

    private BodyProvenance() {
    }

    public static void write(Path bodyCheckpoint, Set<String> sourcePatients) throws IOException {
        Files.write(bodyCheckpoint.resolve(FILE), new TreeSet<>(sourcePatients), StandardCharsets.UTF_8);
    }

    /** The body's source patients, or empty for a body saved without the list (it cannot be checked). */
    public static Optional<Set<String>> read(Path bodyCheckpoint) throws IOException {
        Path file = bodyCheckpoint.resolve(FILE);
        return Files.exists(file) ? Optional.of(Set.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8))) : Optional.empty();
    }

    /**
     * The first of the body's source patients found in one of {@code data}'s evaluation parts (validation, random
     * and temporal test), as "patient in part"; empty when none is.
     */
    public static Optional<String> seenInEvaluation(Set<String> sourcePatients, ExperimentData data) {
        Map<String, LabelledSet> parts = new LinkedHashMap<>();
        parts.put("validation", data.validation());
        parts.put("random test", data.randomTest());
        parts.put("temporal test", data.temporalTest());
        for (var part : parts.entrySet()) {
            for (String patient : part.getValue().patientIds()) {
                if (sourcePatients.contains(patient)) {
                    return Optional.of("patient " + patient + " in the " + part.getKey());
                }
            }
        }
        return Optional.empty();
    }

    /** Refuses, naming the reason, a body whose patients are unknown or reappear in {@code data}'s evaluation parts. */
    public static void requireUnseen(Path bodyCheckpoint, ExperimentData data) throws IOException {
        Set<String> patients = read(bodyCheckpoint).orElseThrow(() -> new IllegalArgumentException(
                "the body " + bodyCheckpoint + " has no " + FILE + ": which patients it learnt from is unknown, so a reuse cannot be checked for leakage"));
        seenInEvaluation(patients, data).ifPresent(seen -> {
            throw new IllegalArgumentException("the body " + bodyCheckpoint + " was pre-trained on " + seen
                    + " of this split: a model fine-tuned from it would be judged on a patient it saw (was it made on another split?)");
        });
    }
}
