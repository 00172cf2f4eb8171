package org.edtriage.ecg;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The standard 12 lead names, and normalisation of the spellings sources use (i, AVR, MLII, ...). */
public final class LeadName {
    public static final List<String> STANDARD_12 = List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("I", "I"), Map.entry("II", "II"), Map.entry("III", "III"),
            Map.entry("AVR", "aVR"), Map.entry("AVL", "aVL"), Map.entry("AVF", "aVF"),
            Map.entry("V1", "V1"), Map.entry("V2", "V2"), Map.entry("V3", "V3"),
            Map.entry("V4", "V4"), Map.entry("V5", "V5"), Map.entry("V6", "V6"),
            Map.entry("LEAD I", "I"), Map.entry("LEAD II", "II"), Map.entry("LEAD III", "III"),
            // MIT-BIH's modified limb lead II is close to II but not the same lead: keep its own name
            Map.entry("MLII", "MLII"));

    private LeadName() {
    }

    /** The standard name when the source's name is a known spelling of one, else the source's name trimmed. */
    public static String normalise(String name) {
        String trimmed = name.trim();
        return ALIASES.getOrDefault(trimmed.toUpperCase(Locale.ROOT), trimmed);
    }

    public static boolean isStandard(String name) {
        return STANDARD_12.contains(name);
    }
}
