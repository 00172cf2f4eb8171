package org.edtriage.ecg;

/** Administrative sex. */
public enum Sex {
    UNKNOWN, FEMALE, MALE;

    /** Reads the spellings found in WFDB comments and HL7: M, F, male, Female, 0/1 is NOT guessed here. */
    public static Sex parse(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("m") || t.equals("male")) {
            return MALE;
        }
        if (t.equals("f") || t.equals("female")) {
            return FEMALE;
        }
        return UNKNOWN;
    }
}
