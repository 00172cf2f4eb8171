package org.edtriage.ecg.edf;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.vendorxml.VendorXmlReader;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.edtriage.ecg.vendorxml.VendorXml.shown;

/**
 * Reads an EDF or EDF+ file (European Data Format: Kemp et al. 1992; EDF+: Kemp &amp; Olivan 2003) into an
 * {@link Ecg}. Holter systems, research recorders and converters such as BioSig write ECGs this way.
 *
 * <p>What is read: every ordinary signal, or — when any label starts with {@code "ECG "}, the EDF+ standard
 * texts for ECG signals — only those (a polysomnogram's EEG and respiration are not leads). The
 * {@code "EDF Annotations"} signals of EDF+ are skipped. The leads keep their 16-bit digital samples; each gets
 * the gain and the baseline the digital and physical minimum and maximum define, in µV, mV, V or nV. The
 * baseline is a whole number of digital units in a lead: where the header's scaling puts zero between two
 * digital values, it is rounded, a constant offset of under half a digital step. An inverted scaling (physical
 * maximum below the minimum) is read with the samples complemented (−d − 1, which stays within 16 bits). The rate
 * is samples per record over the record duration, the duration taken to the microsecond (writers print it from a
 * 32-bit float: {@code 1.00000012}). Start date and time are the site's wall-clock time, read in the constructor's
 * zone; EDF+'s {@code Startdate dd-MMM-yyyy} gives the date with its four-digit year (the start date field says
 * {@code yy} after 2084), plain EDF's two digits are 1985–2084 as the specification says. EDF+'s patient field
 * gives sex and, with the birth date, the age at recording.
 *
 * <p>Refused with {@link EdfFormatException}, by check: a file over the size bound ("size"), a version other
 * than EDF's {@code 0} — BDF's 24 bits among them ("version"), a header shorter than it says or than its
 * signals need ("header"), a field that is not a number ("number"), a start date or time or birth date that
 * does not parse ("date"), no signal or more than {@link #MAX_SIGNALS} ("signals"), an EDF+D
 * (discontinuous) recording ("discontinuous"), a physical dimension that is not a voltage ("units"), unusable
 * digital or physical extremes ("scaling"), leads at different rates or a record without duration
 * ("sample rate"), a lead twice ("lead"), data that are not the declared number of records ("data size").
 */
public final class EdfReader {
    /** More than any ECG recorder writes; bounds the header before anything is allocated from it. */
    public static final int MAX_SIGNALS = 512;
    public static final int MAX_BYTES = VendorXmlReader.DEFAULT_MAX_BYTES;
    private static final String ANNOTATIONS = "EDF Annotations";
    private static final DateTimeFormatter EDF_PLUS_DATE = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd-MMM-uuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern DATE = Pattern.compile("(\\d\\d)\\.(\\d\\d)\\.(\\d\\d|yy)");
    private static final Pattern TIME = Pattern.compile("(\\d\\d)\\.(\\d\\d)\\.(\\d\\d)");

    private final ZoneId siteZone;

    /** @param siteZone the zone of the recorder's clock, in which EDF writes the start date and time */
    public EdfReader(ZoneId siteZone) {
        this.siteZone = siteZone;
    }

    /** Whether these bytes start like an EDF header: version {@code "0"} padded with spaces to eight bytes. */
    public static boolean isEdf(byte[] file) {
        return file.length >= 256 && new String(file, 0, 8, StandardCharsets.US_ASCII).equals("0       ");
    }

    public Ecg read(byte[] file, String name) {
        if (file.length > MAX_BYTES) {
            throw new EdfFormatException(name, "size", file.length + " bytes, more than " + MAX_BYTES);
        }
        if (file.length < 256) {
            throw new EdfFormatException(name, "header", "the file holds " + file.length + " bytes, an EDF header 256 at least");
        }
        if (!isEdf(file)) {
            throw new EdfFormatException(name, "version", "the file starts with '" + shown(ascii(file, 0, 8))
                    + "', not EDF's version 0 (24-bit BDF is not read)");
        }
        Header h = new Header(file, name);
        int signals = h.integer(252, 4, "number of signals");
        if (signals < 1 || signals > MAX_SIGNALS) {
            throw new EdfFormatException(name, "signals", signals + " signals, not 1 to " + MAX_SIGNALS);
        }
        int headerBytes = h.integer(184, 8, "header bytes");
        if (headerBytes != 256 * (signals + 1) || file.length < headerBytes) {
            throw new EdfFormatException(name, "header", "header of " + headerBytes + " bytes for " + signals
                    + " signals (EDF: 256 + 256 per signal) in a file of " + file.length);
        }
        String reserved = h.text(192, 44);
        boolean edfPlus = reserved.startsWith("EDF+");
        if (reserved.startsWith("EDF+D")) {
            throw new EdfFormatException(name, "discontinuous", "an EDF+D recording (interrupted); only continuous ones are read");
        }
        double duration = Math.round(h.number(244, 8, "record duration") * 1e6) / 1e6;
        int[] perRecord = new int[signals];
        long recordBytes = 0;
        for (int s = 0; s < signals; s++) {
            perRecord[s] = h.integer(signalField(signals, s, 216, 8), 8, "samples per record of signal " + (s + 1));
            if (perRecord[s] < 1) {
                throw new EdfFormatException(name, "sample rate", "signal " + (s + 1) + " has " + perRecord[s] + " samples per record");
            }
            recordBytes += 2L * perRecord[s];
        }
        long records = records(h.integer(236, 8, "number of records"), file.length - headerBytes, recordBytes, name);

        List<Integer> kept = keptSignals(h, signals);
        if (kept.isEmpty()) {
            throw new EdfFormatException(name, "signals", "no signal but EDF annotations");
        }
        if (!(duration > 0)) {
            throw new EdfFormatException(name, "sample rate", "data records of " + duration + " s");
        }
        int first = kept.get(0), spr = perRecord[first];
        String firstLead = leadName(h.text(signalField(signals, first, 0, 16), 16));
        List<Lead> leads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int s : kept) {
            String lead = leadName(h.text(signalField(signals, s, 0, 16), 16));
            if (perRecord[s] != spr) {
                throw new EdfFormatException(name, "sample rate", "lead " + shown(lead) + " has " + perRecord[s]
                        + " samples per record, lead " + shown(firstLead) + " " + spr);
            }
            if (!seen.add(LeadName.normalise(lead))) {
                throw new EdfFormatException(name, "lead", "lead " + shown(lead) + " appears twice");
            }
            leads.add(lead(h, signals, s, lead, samples(file, headerBytes, records, recordBytes, perRecord, s)));
        }
        Instant start = start(h, edfPlus);
        Patient patient = edfPlus ? patient(h, start) : new Patient(null, Sex.UNKNOWN);
        return new Ecg(name, spr / duration, leads, start, patient.ageYears(), patient.sex());
    }

    /** Offset of signal {@code s}'s field that starts at {@code fieldStart × signals} after the fixed header. */
    private static int signalField(int signals, int s, int fieldStart, int width) {
        return 256 + fieldStart * signals + s * width;
    }

    /** The declared count, or (when the recorder never wrote it, -1) the count the data hold; checked against the data. */
    private static long records(int declared, long dataBytes, long recordBytes, String name) {
        if (declared == -1 && dataBytes % recordBytes == 0 && dataBytes > 0) {
            return dataBytes / recordBytes;
        }
        if (declared < 1 || dataBytes != declared * recordBytes) {
            throw new EdfFormatException(name, "data size", dataBytes + " bytes of data for " + declared
                    + " data records of " + recordBytes + " bytes");
        }
        return declared;
    }

    /** Every signal but annotations, or only the ECG ones where labels say which those are. */
    private static List<Integer> keptSignals(Header h, int signals) {
        List<Integer> all = new ArrayList<>(), ecg = new ArrayList<>();
        for (int s = 0; s < signals; s++) {
            String label = h.text(signalField(signals, s, 0, 16), 16);
            if (label.equals(ANNOTATIONS)) {
                continue;
            }
            all.add(s);
            if (label.toUpperCase(Locale.ROOT).startsWith("ECG ")) {
                ecg.add(s);
            }
        }
        return ecg.isEmpty() ? all : ecg;
    }

    /** The lead in the label, without EDF+'s "ECG " signal type. */
    private static String leadName(String label) {
        return label.toUpperCase(Locale.ROOT).startsWith("ECG ") ? label.substring(4).trim() : label;
    }

    private static Lead lead(Header h, int signals, int s, String lead, int[] digital) {
        String units = h.text(signalField(signals, s, 96, 8), 8);
        double unitsPerMv = switch (units.toLowerCase(Locale.ROOT)) { // writers of plain EDF also put "uv", "UV", "mv"
            case "uv", "µv" -> 1e3;
            case "mv" -> 1;
            case "v" -> 1e-3;
            case "nv" -> 1e6;
            default -> throw new EdfFormatException(h.name, "units", "lead " + shown(lead) + " is in '" + shown(units) + "', not a voltage");
        };
        double physMin = h.number(signalField(signals, s, 104, 8), 8, "physical minimum of " + lead);
        double physMax = h.number(signalField(signals, s, 112, 8), 8, "physical maximum of " + lead);
        double digMin = h.number(signalField(signals, s, 120, 8), 8, "digital minimum of " + lead);
        double digMax = h.number(signalField(signals, s, 128, 8), 8, "digital maximum of " + lead);
        double gain = (digMax - digMin) / (physMax - physMin) * unitsPerMv;
        double baseline = digMin - physMin * (digMax - digMin) / (physMax - physMin);
        if (!(digMin < digMax) || digMin < Short.MIN_VALUE || digMax > Short.MAX_VALUE || physMin == physMax
                || !Double.isFinite(gain) || gain == 0 || !(Math.abs(baseline) < 1e9)) {
            throw new EdfFormatException(h.name, "scaling", "lead " + shown(lead) + ": digital " + digMin + " to " + digMax
                    + ", physical " + physMin + " to " + physMax + " " + shown(units));
        }
        if (gain < 0) { // an inverted scaling: the same millivolts from complemented samples (~d = -d - 1 stays in 16 bits)
            for (int i = 0; i < digital.length; i++) {
                digital[i] = ~digital[i];
            }
            gain = -gain;
            baseline = -baseline - 1;
        }
        return new Lead(lead, digital, gain, (int) Math.round(baseline));
    }

    /** Signal {@code s}'s samples from every record: 16-bit little-endian two's complement. */
    private static int[] samples(byte[] file, int headerBytes, long records, long recordBytes, int[] perRecord, int s) {
        long offsetInRecord = 0;
        for (int i = 0; i < s; i++) {
            offsetInRecord += 2L * perRecord[i];
        }
        int[] out = new int[Math.toIntExact(records * perRecord[s])];
        int k = 0;
        for (long r = 0; r < records; r++) {
            int at = Math.toIntExact(headerBytes + r * recordBytes + offsetInRecord);
            for (int i = 0; i < perRecord[s]; i++, at += 2) {
                out[k++] = (short) ((file[at] & 0xff) | (file[at + 1] << 8));
            }
        }
        return out;
    }

    /**
     * Start of recording in the site's zone. EDF+'s recording field gives the whole date with a four-digit year (its
     * start date field says {@code yy} after 2084); plain EDF's two digits are 1985–2084.
     */
    private Instant start(Header h, boolean edfPlus) {
        String date = h.text(168, 8), time = h.text(176, 8);
        Matcher d = DATE.matcher(date), t = TIME.matcher(time);
        try {
            if (!d.matches() || !t.matches()) {
                throw new DateTimeException("not dd.mm.yy hh.mm.ss");
            }
            LocalDate day;
            String[] recording = h.text(88, 80).split(" ");
            if (edfPlus && recording.length > 1 && recording[0].equals("Startdate") && !recording[1].equals("X")) {
                day = LocalDate.parse(recording[1], EDF_PLUS_DATE);
            } else if (d.group(3).equals("yy")) {
                throw new DateTimeException("a year after 2084 without EDF+'s Startdate");
            } else {
                int yy = Integer.parseInt(d.group(3));
                day = LocalDate.of(yy >= 85 ? 1900 + yy : 2000 + yy, Integer.parseInt(d.group(2)), Integer.parseInt(d.group(1)));
            }
            return day.atTime(Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)), Integer.parseInt(t.group(3)))
                    .atZone(siteZone).toInstant();
        } catch (DateTimeException e) {
            throw new EdfFormatException(h.name, "date", "start '" + shown(date) + " " + shown(time) + "' (" + e.getMessage()
                    + ") is not dd.mm.yy hh.mm.ss of a real day and time");
        }
    }

    private record Patient(Integer ageYears, Sex sex) {
    }

    /** EDF+'s patient field: code, sex (F, M or X), birth date (dd-MMM-yyyy or X), name; what is missing is unknown. */
    private Patient patient(Header h, Instant start) {
        String[] fields = h.text(8, 80).split(" ");
        Sex sex = fields.length > 1 ? Sex.parse(fields[1]) : Sex.UNKNOWN;
        if (fields.length < 3 || fields[2].equals("X")) {
            return new Patient(null, sex);
        }
        try {
            LocalDate born = LocalDate.parse(fields[2], EDF_PLUS_DATE);
            int years = Period.between(born, start.atZone(siteZone).toLocalDate()).getYears();
            return new Patient(years >= 0 && years <= 150 ? years : null, sex);
        } catch (DateTimeException e) {
            throw new EdfFormatException(h.name, "date", "birth date '" + shown(fields[2]) + "' is not dd-MMM-yyyy");
        }
    }

    /** The header's ASCII fields, named in refusals. */
    private static final class Header {
        private final byte[] file;
        private final String name;

        Header(byte[] file, String name) {
            this.file = file;
            this.name = name;
        }

        String text(int at, int width) {
            if (at + width > file.length) {
                throw new EdfFormatException(name, "header", "the header ends before byte " + (at + width));
            }
            return ascii(file, at, width).trim();
        }

        int integer(int at, int width, String field) {
            String value = text(at, width);
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new EdfFormatException(name, "number", field + " '" + shown(value) + "' is not an integer");
            }
        }

        double number(int at, int width, String field) {
            String value = text(at, width);
            try {
                double x = Double.parseDouble(value);
                if (Double.isFinite(x) && !value.endsWith("d") && !value.endsWith("f")) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new EdfFormatException(name, "number", field + " '" + shown(value) + "' is not a number");
        }
    }

    private static String ascii(byte[] file, int at, int width) {
        return new String(file, at, width, StandardCharsets.ISO_8859_1);
    }
}
