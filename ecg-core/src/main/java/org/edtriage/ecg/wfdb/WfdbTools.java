package org.edtriage.ecg.wfdb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** The {@code triage wfdb} tools as plain Java: checking records, and printing samples like {@code rdsamp}. */
public final class WfdbTools {
    private WfdbTools() {
    }

    /**
     * Reads every record (every .hea) under the paths and prints {@code OK name signals rate samples}
     * or {@code FAIL name reason} per record.
     *
     * @return the number of records that failed
     */
    public static int check(List<Path> paths, PrintStream out) throws IOException {
        int failed = 0;
        for (Path hea : headers(paths)) {
            String name = hea.getFileName().toString().replaceFirst("\\.hea$", "");
            try {
                WfdbRecord r = WfdbReader.readRecord(hea);
                out.printf(Locale.ROOT, "OK %s %d %s %d%n", name, r.specs().size(), number(r.header().samplingFrequency()), r.frames());
            } catch (WfdbFormatException e) {
                failed++;
                out.printf(Locale.ROOT, "FAIL %s %s: %s%n", name, e.check(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                failed++;
                out.printf(Locale.ROOT, "FAIL %s %s%n", name, e.toString());
            }
        }
        return failed;
    }

    /**
     * Prints samples {@code [from, to)} of the chosen signals as tab-separated columns, one row per
     * sample, like {@code rdsamp -r RECORD} (with {@code -P} for physical units) without its
     * sample-number column. Signals with several samples per frame are averaged per frame, as rdsamp
     * does without {@code -H}.
     *
     * @param signals 0-based signal indices; empty for all
     * @param to      exclusive; negative for the end of the record
     */
    public static void samples(Path header, long from, long to, List<Integer> signals, boolean physical, PrintStream out) throws IOException {
        WfdbRecord r = WfdbReader.readRecord(header);
        List<Integer> chosen = signals.isEmpty() ? range(r.specs().size()) : signals;
        for (int s : chosen) {
            if (s < 0 || s >= r.specs().size()) {
                throw new IllegalArgumentException("record " + r.header().recordName() + " has signals 0.." + (r.specs().size() - 1) + ", not " + s);
            }
        }
        long frames = r.frames();
        long end = to < 0 ? frames : Math.min(to, frames);
        StringBuilder line = new StringBuilder(16 * chosen.size());
        for (long f = Math.max(0, from); f < end; f++) {
            line.setLength(0);
            for (int c = 0; c < chosen.size(); c++) {
                int s = chosen.get(c);
                WfdbSignalSpec spec = r.specs().get(s);
                int digital = r.frameValue(s, f);
                if (c > 0) {
                    line.append('\t');
                }
                if (!physical) {
                    line.append(digital);
                } else if (digital == WfdbRecord.INVALID_SAMPLE) {
                    line.append('-'); // rdsamp prints a dash for invalid samples in physical units
                } else {
                    int decimals = Math.max(3, (int) Math.ceil(Math.log10(Math.abs(spec.gain()))));
                    line.append(String.format(Locale.ROOT, "%." + decimals + "f", (digital - spec.baseline()) / spec.gain()));
                }
            }
            out.println(line);
        }
    }

    private static List<Path> headers(List<Path> paths) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> f.toString().endsWith(".hea")).sorted().forEach(found::add);
                }
            } else if (p.toString().endsWith(".hea")) {
                found.add(p);
            } else {
                found.add(p.resolveSibling(p.getFileName() + ".hea")); // a record name, as the WFDB tools take it
            }
        }
        return found;
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
