package org.edtriage.training.cohort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails loudly if one patient, or one identical signal (by SHA-256, whatever its ids), appears in two parts
 * of a split — across the target and the source parts alike — or if a training or validation visit is not
 * earlier than the temporal test.
 */
public final class LeakageCheck {
    private LeakageCheck() {
    }

    /** Thrown with every leak found (up to a readable number), never just the first. */
    public static final class LeakageException extends IllegalStateException {
        private final List<String> leaks;

        LeakageException(List<String> leaks) {
            super("split leaks (" + leaks.size() + "): " + String.join("; ", leaks.subList(0, Math.min(10, leaks.size())))
                    + (leaks.size() > 10 ? "; …" : ""));
            this.leaks = List.copyOf(leaks);
        }

        public List<String> leaks() {
            return leaks;
        }
    }

    public static void verify(CohortSplit split) {
        List<String> leaks = new ArrayList<>();
        Map<String, String> patientPart = new HashMap<>();
        Map<String, String> signalPart = new HashMap<>();
        for (var part : split.targetParts()) {
            for (TargetExample t : part.items()) {
                claim(patientPart, t.patientId(), part.name(), "patient", leaks);
                claim(signalPart, t.ecg().signalSha256(), part.name(), "signal", leaks);
            }
        }
        for (var part : split.sourceParts()) {
            for (EcgRow e : part.items()) {
                claim(patientPart, e.patientId(), part.name(), "patient", leaks);
                claim(signalPart, e.signalSha256(), part.name(), "signal", leaks);
            }
        }
        if (split.temporalCutoff() != null) {
            for (var part : List.of(split.targetParts().get(0), split.targetParts().get(1), split.targetParts().get(2))) {
                for (TargetExample t : part.items()) {
                    if (!t.visit().arrival().isBefore(split.temporalCutoff())) {
                        leaks.add(part.name() + " visit " + t.visit().visitId() + " at " + t.visit().arrival()
                                + " is not before the temporal test (" + split.temporalCutoff() + ")");
                    }
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new LeakageException(leaks);
        }
    }

    private static void claim(Map<String, String> owner, String key, String part, String what, List<String> leaks) {
        if (key == null) {
            return; // an ECG without a signal digest cannot be checked for duplicates (ids still are)
        }
        String previous = owner.putIfAbsent(key, part);
        if (previous != null && !previous.equals(part)) {
            leaks.add(what + " " + abbreviate(key) + " in " + previous + " and " + part);
        }
    }

    private static String abbreviate(String key) {
        return key.length() > 16 ? key.substring(0, 16) + "…" : key;
    }

}
