package org.edtriage.ecg.edf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** EDF files written field by field as the specification lays them out, for tests of {@link EdfReader}. */
final class EdfFiles {
    private EdfFiles() {
    }

    /** One signal: its label, physical dimension and extremes, digital extremes, and its samples (per record). */
    record Signal(String label, String units, double physMin, double physMax, int digMin, int digMax, int perRecord, short[] samples) {
    }

    /**
     * @param reserved "" for EDF, "EDF+C" or "EDF+D" for EDF+
     * @param records  written in the header as given (-1: not known); the data hold all of each signal's samples
     */
    static byte[] write(String patient, String recording, String date, String time, String reserved, int records,
                        String duration, List<Signal> signals) {
        int ns = signals.size();
        StringBuilder h = new StringBuilder();
        h.append(field("0", 8)).append(field(patient, 80)).append(field(recording, 80)).append(field(date, 8))
                .append(field(time, 8)).append(field(String.valueOf(256 * (ns + 1)), 8)).append(field(reserved, 44))
                .append(field(String.valueOf(records), 8)).append(field(duration, 8)).append(field(String.valueOf(ns), 4));
        signals.forEach(s -> h.append(field(s.label(), 16)));
        signals.forEach(s -> h.append(field("AgAgCl electrode", 80)));
        signals.forEach(s -> h.append(field(s.units(), 8)));
        signals.forEach(s -> h.append(field(number(s.physMin()), 8)));
        signals.forEach(s -> h.append(field(number(s.physMax()), 8)));
        signals.forEach(s -> h.append(field(String.valueOf(s.digMin()), 8)));
        signals.forEach(s -> h.append(field(String.valueOf(s.digMax()), 8)));
        signals.forEach(s -> h.append(field("HP:0.05Hz LP:150Hz", 80)));
        signals.forEach(s -> h.append(field(String.valueOf(s.perRecord()), 8)));
        signals.forEach(s -> h.append(field("", 32)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        int written = signals.get(0).samples().length / signals.get(0).perRecord();
        for (int r = 0; r < written; r++) {
            for (Signal s : signals) {
                for (int i = 0; i < s.perRecord(); i++) {
                    short x = s.samples()[r * s.perRecord() + i];
                    out.write(x & 0xff);
                    out.write((x >> 8) & 0xff);
                }
            }
        }
        return out.toByteArray();
    }

    private static String field(String value, int width) {
        if (value.length() > width) {
            throw new IllegalArgumentException("'" + value + "' is longer than " + width);
        }
        return value + " ".repeat(width - value.length());
    }

    private static String number(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }
}
