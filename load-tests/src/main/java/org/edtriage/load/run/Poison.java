package org.edtriage.load.run;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Inputs that must be refused with a clear answer and dead-lettered, never stored or lost. */
public enum Poison {
    /** Random bytes in a well-formed MLLP block: not HL7 at all. */
    GARBAGE_MLLP,
    /** A valid ORU^R01 whose first waveform OBX-5 is inflated to about 2 MB (one lead 200× longer than the rest). */
    ABSURD_FIELD,
    /** A WFDB upload whose .dat file stops halfway. */
    TRUNCATED_WFDB,
    /** A Confluent-framed event on ecg.recorded whose schema id names a different, incompatible record (EdVisit). */
    SCHEMA_INCOMPATIBLE;

    /** The door it is sent through. */
    public Scenario.Entry entry() {
        return switch (this) {
            case GARBAGE_MLLP, ABSURD_FIELD -> Scenario.Entry.MLLP;
            case TRUNCATED_WFDB -> Scenario.Entry.HTTP;
            case SCHEMA_INCOMPATIBLE -> Scenario.Entry.KAFKA;
        };
    }

    public static Poison nth(int k) {
        return values()[Math.floorMod(k, values().length)];
    }

    static byte[] garbage(long seed) {
        byte[] b = new byte[2048];
        new Random(seed).nextBytes(b);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0x0B || b[i] == 0x1C) {
                b[i] = 'x'; // keep it one block: no MLLP start/end bytes inside
            }
        }
        return b;
    }

    static String absurd(String oru) {
        int obx = oru.indexOf("\rOBX|");
        while (obx >= 0) {
            int end = oru.indexOf('\r', obx + 1);
            String segment = end < 0 ? oru.substring(obx) : oru.substring(obx, end);
            String[] f = segment.split("\\|", -1);
            if (f.length > 5 && f[5].contains("^")) { // a waveform OBX (samples separated by ^)
                StringBuilder inflated = new StringBuilder(f[5].length() * 201);
                for (int k = 0; k < 200; k++) {
                    inflated.append(k == 0 ? "" : "^").append(f[5]);
                }
                f[5] = inflated.toString();
                return oru.substring(0, obx) + String.join("|", f) + (end < 0 ? "" : oru.substring(end));
            }
            obx = end;
        }
        return oru + "\rOBX|99|NA|absurd||" + "9".repeat(2_000_000) + "\r";
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
