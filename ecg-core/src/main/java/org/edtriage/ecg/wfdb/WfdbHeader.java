package org.edtriage.ecg.wfdb;

import org.edtriage.ecg.Sex;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed WFDB header (.hea): the record line, then one line per signal (single-segment record) or
 * one line per segment (multi-segment record, {@code name/nseg}), and the comments. Anything we do
 * not understand is refused by name with {@link WfdbFormatException} rather than guessed; a known
 * deviation from the WFDB specification that the C library reads anyway is read and noted.
 *
 * @param samplesPerSignal frames in the record, or -1 when the header leaves it out
 * @param segments         empty for a single-segment record
 * @param notes            deviations from the specification that were read anyway
 */
public record WfdbHeader(String recordName, int signalCount, double samplingFrequency, long samplesPerSignal,
                         LocalTime baseTime, LocalDate baseDate, List<WfdbSignalSpec> signals, List<Segment> segments,
                         List<String> comments, List<WfdbNote> notes) {

    /** One segment of a multi-segment record; {@code ~} names a gap of {@code samples} frames. */
    public record Segment(String recordName, long samples) {
        public boolean isGap() {
            return recordName.equals("~");
        }
    }

    public boolean isMultiSegment() {
        return !segments.isEmpty();
    }

    private static final Pattern SIGNAL_FORMAT = Pattern.compile("(\\d+)(?:x(\\d+))?(?::(\\d+))?(?:\\+(\\d+))?");
    private static final Pattern GAIN = Pattern.compile("([-+0-9.eE]+)(?:\\(([-+]?\\d+)\\))?(?:/(\\S+))?");
    private static final Pattern AGE = Pattern.compile("(?i)<?\\bage>?:\\s*(\\d{1,3})");
    private static final Pattern SEX = Pattern.compile("(?i)<?\\bsex>?:\\s*([a-z]+)");
    /** The base date as PhysioNet/CinC Challenge 2020 headers write it: 05-May-2020. */
    private static final Pattern DAY_MONTH_NAME_YEAR = Pattern.compile("\\d{1,2}-[A-Za-z]{3}-\\d{4}");
    private static final DateTimeFormatter DAY_MONTH_NAME_YEAR_FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);

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
        int nseg = 0;
        if (name.contains("/")) {
            String[] parts = name.split("/", 2);
            name = parts[0];
            nseg = parseInt(name, "segment count", parts[1]);
            if (nseg < 1) {
                throw new WfdbFormatException(name, "header", "segment count must be positive, was " + nseg);
            }
        }
        if (record.length < 2) {
            throw new WfdbFormatException(name, "header", "record line has no signal count");
        }
        int nsig = parseInt(name, "signal count", record[1]);
        if (nsig < 0 || nsig > 4096) {
            throw new WfdbFormatException(name, "header", "signal count " + nsig + " is out of range");
        }
        double fs = 250;
        if (record.length > 2) {
            String f = record[2].replaceFirst("[/(].*$", "");
            fs = parseDouble(name, "sampling frequency", f);
            if (!(fs > 0) || Double.isInfinite(fs)) {
                throw new WfdbFormatException(name, "header", "sampling frequency must be positive, was " + record[2]);
            }
        }
        long nsamp = record.length > 3 ? parseLong(name, "number of samples", record[3]) : -1;
        LocalTime baseTime = null;
        LocalDate baseDate = null;
        List<WfdbNote> notes = new ArrayList<>();
        if (record.length > 4 && DAY_MONTH_NAME_YEAR.matcher(record[4]).matches()) {
            // PhysioNet/CinC Challenge 2020 writes "05-May-2020 14:50:55": the date first, its month by name
            baseDate = parseDate(name, record[4], DAY_MONTH_NAME_YEAR_FORMAT, "dd-MMM-yyyy");
            baseTime = record.length > 5 ? parseTime(name, record[5]) : null;
            notes.add(new WfdbNote("base date", null, "'" + record[4] + "' is written before the base time and as dd-MMM-yyyy"
                    + " (PhysioNet/CinC Challenge 2020 headers); the specification has hh:mm:ss dd/mm/yyyy"));
        } else if (record.length > 4) {
            baseTime = parseTime(name, record[4]);
            if (record.length > 5) {
                baseDate = parseDate(name, record[5], DateTimeFormatter.ofPattern("d/M/yyyy"), "dd/mm/yyyy");
            }
        }
        if (nseg > 0) {
            if (lines.size() - 1 < nseg) {
                throw new WfdbFormatException(name, "header", "record line announces " + nseg + " segments, " + (lines.size() - 1) + " segment lines follow");
            }
            List<Segment> segments = new ArrayList<>();
            for (int i = 0; i < nseg; i++) {
                String[] s = lines.get(i + 1).split("\\s+");
                if (s.length < 2) {
                    throw new WfdbFormatException(name, "header", "segment line " + (i + 1) + " needs a record name and a length");
                }
                segments.add(new Segment(s[0], parseLong(name, "segment length", s[1])));
            }
            return new WfdbHeader(name, nsig, fs, nsamp, baseTime, baseDate, List.of(), List.copyOf(segments), List.copyOf(comments),
                    List.copyOf(notes));
        }
        if (lines.size() - 1 < nsig) {
            throw new WfdbFormatException(name, "header", "record line announces " + nsig + " signals, " + (lines.size() - 1) + " signal lines follow");
        }
        List<WfdbSignalSpec> signals = new ArrayList<>();
        for (int i = 0; i < nsig; i++) {
            signals.add(parseSignal(name, i, lines.get(i + 1)));
        }
        return new WfdbHeader(name, nsig, fs, nsamp, baseTime, baseDate, List.copyOf(signals), List.of(), List.copyOf(comments),
                List.copyOf(notes));
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
        int format = parseInt(record, "format", fm.group(1));
        int spf = fm.group(2) != null ? parseInt(record, "samples per frame", fm.group(2)) : 1;
        int skew = fm.group(3) != null ? parseInt(record, "skew", fm.group(3)) : 0;
        long offset = fm.group(4) != null ? parseLong(record, "byte offset", fm.group(4)) : 0;
        if (spf < 1 || spf > 1_000_000) {
            throw new WfdbFormatException(record, "header", "signal " + index + " has " + spf + " samples per frame");
        }
        double gain = 200;
        Integer baseline = null;
        String units = "mV";
        if (f.length > 2) {
            Matcher gm = GAIN.matcher(f[2]);
            if (!gm.matches()) {
                throw new WfdbFormatException(record, "header", "signal " + index + " has an unreadable gain '" + f[2] + "'");
            }
            gain = parseDouble(record, "gain", gm.group(1));
            // a negative gain is legal: the signal was recorded inverted, and (adc - baseline) / gain flips it back
            if (!Double.isFinite(gain)) {
                throw new WfdbFormatException(record, "header", "signal " + index + " has gain " + gm.group(1));
            }
            if (gain == 0) {
                gain = 200; // WFDB: a zero gain means "uncalibrated", read with the default
            }
            if (gm.group(2) != null) {
                baseline = parseInt(record, "baseline", gm.group(2));
            }
            if (gm.group(3) != null) {
                units = gm.group(3);
            }
        }
        int adcRes = f.length > 3 ? parseInt(record, "ADC resolution", f[3]) : 0;
        int adcZero = f.length > 4 ? parseInt(record, "ADC zero", f[4]) : 0;
        Integer init = f.length > 5 ? parseInt(record, "initial value", f[5]) : null;
        Integer checksum = f.length > 6 ? parseInt(record, "checksum", f[6]) : null;
        int block = f.length > 7 ? parseInt(record, "block size", f[7]) : 0;
        String desc = f.length > 8 ? f[8].strip() : "signal " + index;
        return new WfdbSignalSpec(f[0], format, spf, skew, offset, gain, baseline == null ? adcZero : baseline,
                units, adcRes, adcZero, init, checksum, block, desc);
    }

    private static LocalTime parseTime(String record, String s) {
        try {
            String[] parts = s.split(":");
            int h = parts.length == 3 ? Integer.parseInt(parts[0]) : 0;
            int m = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : 0;
            double sec = Double.parseDouble(parts[parts.length - 1]);
            return LocalTime.of(h, m, (int) sec, (int) ((sec - (int) sec) * 1e9));
        } catch (RuntimeException e) {
            throw new WfdbFormatException(record, "header", "base time '" + s + "' is not hh:mm:ss");
        }
    }

    private static LocalDate parseDate(String record, String s, DateTimeFormatter format, String shape) {
        try {
            return LocalDate.parse(s, format);
        } catch (RuntimeException e) {
            throw new WfdbFormatException(record, "header", "base date '" + s + "' is not " + shape);
        }
    }

    private static long parseLong(String record, String what, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new WfdbFormatException(record, "header", what + " '" + s + "' is not an integer");
        }
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
