package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Sex;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed single-segment WFDB header (.hea): the record line, one line per signal, and the comments.
 * Multi-segment records and the rarer fields are the full reader's business (issue 3); anything we
 * do not understand is refused by name rather than guessed.
 */
public record WfdbHeader(String recordName, int signalCount, double samplingFrequency, long samplesPerSignal,
                         LocalTime baseTime, LocalDate baseDate, List<WfdbSignalSpec> signals, List<String> comments) {

    private static final Pattern SIGNAL_FORMAT = Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?");
    private static final Pattern GAIN = Pattern.compile("([-+0-9.eE]+)(?:\\(([-+]?\\d+)\\))?(?:/(\\S+))?");
    private static final Pattern AGE = Pattern.compile("(?i)<?\\bage>?:\\s*(\\d{1,3})");
    private static final Pattern SEX = Pattern.compile("(?i)<?\\bsex>?:\\s*([a-z]+)");

    public static WfdbHeader parse(String text) {
        List<String> comments = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (String raw : text.split("\\r?\\n")) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                comments.add(line.substring(1).strip());
            } else if (!line.isEmpty()) {
                int hash = line.indexOf('#');
                lines.add(hash >= 0 ? line.substring(0, hash).strip() : line);
            }
        }
        if (lines.isEmpty()) {
            throw new WfdbFormatException("?", "header", "no record line");
        }
        String[] record = lines.get(0).split("\\s+");
        String name = record[0];
        if (name.contains("/")) {
            throw new WfdbFormatException(name, "header", "multi-segment records are not supported yet");
        }
        if (record.length < 2) {
            throw new WfdbFormatException(name, "header", "record line has no signal count");
        }
        int nsig = parseInt(name, "signal count", record[1]);
        double fs = 250;
        if (record.length > 2) {
            String f = record[2].split("[/(]")[0];
            fs = parseDouble(name, "sampling frequency", f);
        }
        long nsamp = record.length > 3 ? Long.parseLong(record[3]) : -1;
        LocalTime baseTime = record.length > 4 ? parseTime(record[4]) : null;
        LocalDate baseDate = record.length > 5 ? LocalDate.parse(record[5], DateTimeFormatter.ofPattern("d/M/yyyy")) : null;
        if (lines.size() - 1 < nsig) {
            throw new WfdbFormatException(name, "header", "record line announces " + nsig + " signals, " + (lines.size() - 1) + " signal lines follow");
        }
        List<WfdbSignalSpec> signals = new ArrayList<>();
        for (int i = 0; i < nsig; i++) {
            signals.add(parseSignal(name, i, lines.get(i + 1)));
        }
        return new WfdbHeader(name, nsig, fs, nsamp, baseTime, baseDate, List.copyOf(signals), List.copyOf(comments));
    }

    /** Age from the comment conventions of PTB, PTB-XL exports and MIT-BIH style headers. */
    public Optional<Integer> age() {
        for (String c : comments) {
            Matcher m = AGE.matcher(c);
            if (m.find()) {
                return Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        return Optional.empty();
    }

    public Sex sex() {
        for (String c : comments) {
            Matcher m = SEX.matcher(c);
            if (m.find()) {
                return Sex.parse(m.group(1));
            }
        }
        return Sex.UNKNOWN;
    }

    private static WfdbSignalSpec parseSignal(String record, int index, String line) {
        String[] f = line.split("\\s+", 9);
        if (f.length < 2) {
            throw new WfdbFormatException(record, "header", "signal line " + (index + 1) + " has no format: '" + line + "'");
        }
        Matcher fm = SIGNAL_FORMAT.matcher(f[1]);
        if (!fm.matches()) {
            throw new WfdbFormatException(record, "header", "signal " + index + " has an unreadable format field '" + f[1] + "'");
        }
        int format = Integer.parseInt(fm.group(1));
        int spf = fm.group(2) != null ? Integer.parseInt(fm.group(2)) : 1;
        int skew = fm.group(3) != null ? Integer.parseInt(fm.group(3)) : 0;
        long offset = fm.group(4) != null ? Long.parseLong(fm.group(4)) : 0;
        double gain = 200;
        Integer baseline = null;
        String units = "mV";
        if (f.length > 2) {
            Matcher gm = GAIN.matcher(f[2]);
            if (!gm.matches()) {
                throw new WfdbFormatException(record, "header", "signal " + index + " has an unreadable gain '" + f[2] + "'");
            }
            gain = Double.parseDouble(gm.group(1));
            if (gain == 0) {
                gain = 200; // WFDB: a zero gain means "uncalibrated", read with the default
            }
            if (gm.group(2) != null) {
                baseline = Integer.parseInt(gm.group(2));
            }
            if (gm.group(3) != null) {
                units = gm.group(3);
            }
        }
        int adcRes = f.length > 3 ? Integer.parseInt(f[3]) : 0;
        int adcZero = f.length > 4 ? Integer.parseInt(f[4]) : 0;
        Integer init = f.length > 5 ? Integer.valueOf(f[5]) : null;
        Integer checksum = f.length > 6 ? Integer.valueOf(f[6]) : null;
        int block = f.length > 7 ? Integer.parseInt(f[7]) : 0;
        String desc = f.length > 8 ? f[8].strip() : "signal " + index;
        return new WfdbSignalSpec(f[0], format, spf, skew, offset, gain, baseline == null ? adcZero : baseline,
                units, adcRes, adcZero, init, checksum, block, desc);
    }

    private static LocalTime parseTime(String s) {
        String[] parts = s.split(":");
        int h = parts.length == 3 ? Integer.parseInt(parts[0]) : 0;
        int m = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : 0;
        double sec = Double.parseDouble(parts[parts.length - 1]);
        return LocalTime.of(h, m, (int) sec, (int) Math.round((sec - (int) sec) * 1e9));
    }

    private static int parseInt(String record, String what, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(record, "header", what + " '" + s + "' is not an integer");
        }
    }

    private static double parseDouble(String record, String what, String s) {
        try {
            return Double.parseDouble(s.toLowerCase(Locale.ROOT));
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(record, "header", what + " '" + s + "' is not a number");
        }
    }
}
