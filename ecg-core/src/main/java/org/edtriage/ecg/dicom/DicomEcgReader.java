package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * DICOM 12-lead and general ECG waveform objects (PS3.3 A.34.3, A.34.4): a Part 10 file (preamble, "DICM", file meta
 * information), little-endian explicit or implicit VR, the multiplex group that holds the rhythm (not a median beat),
 * 16-bit signed samples interleaved by channel, each channel's lead from its Channel Source Sequence and its scale from
 * Channel Sensitivity (in µV or mV), correction factor and baseline. Patient sex and age, and the acquisition time
 * (with its offset when the file gives one, else the site's zone), come along. A median (or representative) beat group,
 * when present, is read with the same checks and kept as {@link Ecg#deviceMedianBeat()}.
 *
 * <p>Written by hand from the standard: dcm4che, the library of the field, is published to its own repository, not to
 * Maven Central, which is all these builds reach. The data set may also come deflated (PS3.5 A.5, what archives use
 * to halve a waveform's size), inflated here within the same size bound. What the ECG objects do not use is refused
 * by name: other transfer syntaxes (explicit VR big endian, retired since 2004; the compressed ones, which are for
 * pixel data), other SOP classes, and sample interpretations other than signed 16 bit.
 */
public final class DicomEcgReader {
    public static final String TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1";
    public static final String GENERAL_ECG = "1.2.840.10008.5.1.4.1.1.9.1.2";
    static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2", EXPLICIT_LITTLE = "1.2.840.10008.1.2.1",
            DEFLATED_EXPLICIT_LITTLE = "1.2.840.10008.1.2.1.99";
    /** The vendor readers' bound (8 MB): a 12-lead object is ~120 kB (10 s × 12 leads × 500 Hz × 2 bytes). */
    public static final int MAX_BYTES = org.edtriage.ecg.vendorxml.VendorXmlReader.DEFAULT_MAX_BYTES;

    static final int TRANSFER_SYNTAX = DicomDataset.tag(0x0002, 0x0010), SOP_CLASS = DicomDataset.tag(0x0002, 0x0002),
            META_LENGTH = DicomDataset.tag(0x0002, 0x0000);
    static final int SEX = DicomDataset.tag(0x0010, 0x0040), AGE = DicomDataset.tag(0x0010, 0x1010),
            ACQUISITION_DATETIME = DicomDataset.tag(0x0008, 0x002A), ACQUISITION_DATE = DicomDataset.tag(0x0008, 0x0022),
            ACQUISITION_TIME = DicomDataset.tag(0x0008, 0x0032), TIMEZONE = DicomDataset.tag(0x0008, 0x0201);
    static final int WAVEFORMS = DicomDataset.tag(0x5400, 0x0100), CHANNEL_COUNT = DicomDataset.tag(0x003A, 0x0005),
            SAMPLE_COUNT = DicomDataset.tag(0x003A, 0x0010), SAMPLING_FREQUENCY = DicomDataset.tag(0x003A, 0x001A),
            GROUP_LABEL = DicomDataset.tag(0x003A, 0x0020), CHANNELS = DicomDataset.tag(0x003A, 0x0200),
            CHANNEL_SOURCE = DicomDataset.tag(0x003A, 0x0208), SENSITIVITY = DicomDataset.tag(0x003A, 0x0210),
            SENSITIVITY_UNITS = DicomDataset.tag(0x003A, 0x0211), CORRECTION = DicomDataset.tag(0x003A, 0x0212),
            BASELINE = DicomDataset.tag(0x003A, 0x0213), BITS_ALLOCATED = DicomDataset.tag(0x5400, 0x1004),
            INTERPRETATION = DicomDataset.tag(0x5400, 0x1006), WAVEFORM_DATA = DicomDataset.tag(0x5400, 0x1010);
    static final int CODE_VALUE = DicomDataset.tag(0x0008, 0x0100), CODE_MEANING = DicomDataset.tag(0x0008, 0x0104);

    /** Leads by their SCP-ECG (5.6.3-9-n) and MDC (2:n) code numbers, for sources that give no usable code meaning. */
    private static final Map<String, String> LEAD_CODES = Map.ofEntries(Map.entry("1", "I"), Map.entry("2", "II"),
            Map.entry("61", "III"), Map.entry("62", "aVR"), Map.entry("63", "aVL"), Map.entry("64", "aVF"), Map.entry("3", "V1"),
            Map.entry("4", "V2"), Map.entry("5", "V3"), Map.entry("6", "V4"), Map.entry("7", "V5"), Map.entry("8", "V6"));

    private final ZoneId siteZone;

    /** @param siteZone the zone of acquisition times that carry no offset */
    public DicomEcgReader(ZoneId siteZone) {
        this.siteZone = siteZone;
    }

    public Ecg read(byte[] file, String name) {
        if (file.length > MAX_BYTES) {
            throw new DicomFormatException(name, "size", file.length + " bytes, more than " + MAX_BYTES);
        }
        if (file.length < 132 || file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M') {
            throw new DicomFormatException(name, "preamble", "no 'DICM' after the 128-byte preamble (a DICOM Part 10 file starts so)");
        }
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).position(132);
        DicomDataset meta = fileMeta(in, name);
        String syntax = meta.text(TRANSFER_SYNTAX);
        if (!IMPLICIT_LITTLE.equals(syntax) && !EXPLICIT_LITTLE.equals(syntax) && !DEFLATED_EXPLICIT_LITTLE.equals(syntax)) {
            throw new DicomFormatException(name, "transfer syntax", "'" + syntax + "' is not read (implicit or explicit VR little endian, "
                    + IMPLICIT_LITTLE + " or " + EXPLICIT_LITTLE + ", as ECG carts write, or deflated explicit, "
                    + DEFLATED_EXPLICIT_LITTLE + ")");
        }
        String sopClass = meta.text(SOP_CLASS);
        if (!TWELVE_LEAD_ECG.equals(sopClass) && !GENERAL_ECG.equals(sopClass)) {
            throw new DicomFormatException(name, "sop class", "'" + sopClass + "' is neither 12-lead ECG (" + TWELVE_LEAD_ECG
                    + ") nor general ECG (" + GENERAL_ECG + ")");
        }
        ByteBuffer body = DEFLATED_EXPLICIT_LITTLE.equals(syntax) ? inflated(in.slice(), name) : in.slice();
        DicomDataset set = DicomDataset.read(body.order(ByteOrder.LITTLE_ENDIAN), !IMPLICIT_LITTLE.equals(syntax), name);
        DicomDataset group = rhythm(set, name);
        Instant acquiredAt = acquiredAt(set, name);
        DicomDataset median = median(set);
        String medianName = name + " median";
        Ecg beat = median == null ? null
                : new Ecg(medianName, samplingRate(median, medianName), leads(median, medianName), acquiredAt, age(set), sex(set));
        return new Ecg(name, samplingRate(group, name), leads(group, name), acquiredAt, age(set), sex(set), beat);
    }

    /** The multiplex group of the cart's median (or representative) beat, or null; read with the rhythm's checks. */
    private static DicomDataset median(DicomDataset set) {
        for (DicomDataset g : set.sequence(WAVEFORMS)) {
            String label = g.text(GROUP_LABEL) == null ? "" : g.text(GROUP_LABEL).toUpperCase(java.util.Locale.ROOT);
            if (label.contains("MEDIAN") || label.contains("REPRESENTATIVE")) {
                return g;
            }
        }
        return null;
    }

    /** Group 0002, always explicit VR little endian; its group length says where the data set begins. */
    private static DicomDataset fileMeta(ByteBuffer in, String name) {
        int start = in.position();
        DicomDataset first = DicomDataset.read(in.slice(start, Math.min(12, in.remaining())), true, name);
        Long length = first.unsignedInt(META_LENGTH);
        if (length == null || length > in.remaining() - 12) {
            throw new DicomFormatException(name, "file meta", "no usable (0002,0000) group length after the preamble");
        }
        DicomDataset meta = DicomDataset.read(in.slice(start + 12, length.intValue()), true, name);
        in.position(start + 12 + length.intValue());
        return meta;
    }

    /**
     * The data set of a deflated file: raw deflate (RFC 1951, no zlib wrapper) from the end of the file meta to the
     * end of the file, refused by name when damaged or when it inflates beyond {@link #MAX_BYTES}.
     */
    private static ByteBuffer inflated(ByteBuffer deflated, String name) {
        byte[] compressed = new byte[deflated.remaining()];
        deflated.get(compressed);
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 3);
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomFormatException(name, "deflate", "the deflated data set ends before its last block");
                }
                out.write(chunk, 0, n);
                if (out.size() > MAX_BYTES) {
                    throw new DicomFormatException(name, "size", "the deflated data set inflates beyond " + MAX_BYTES + " bytes");
                }
            }
            return ByteBuffer.wrap(out.toByteArray());
        } catch (DataFormatException e) {
            throw new DicomFormatException(name, "deflate", "the deflated data set is damaged: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** The multiplex group of the rhythm: labelled so, or else the longest one that is not a median or representative beat. */
    private static DicomDataset rhythm(DicomDataset set, String name) {
        List<DicomDataset> groups = set.sequence(WAVEFORMS);
        if (groups.isEmpty()) {
            throw new DicomFormatException(name, "waveform", "no Waveform Sequence (5400,0100)");
        }
        DicomDataset best = null;
        long bestSamples = -1;
        for (DicomDataset g : groups) {
            String label = g.text(GROUP_LABEL) == null ? "" : g.text(GROUP_LABEL).toUpperCase(java.util.Locale.ROOT);
            if (label.equals("RHYTHM")) {
                return g;
            }
            Long samples = g.unsignedInt(SAMPLE_COUNT);
            if (!label.contains("MEDIAN") && !label.contains("REPRESENTATIVE") && samples != null && samples > bestSamples) {
                best = g;
                bestSamples = samples;
            }
        }
        if (best == null) {
            throw new DicomFormatException(name, "multiplex group", "no rhythm among " + groups.size() + " multiplex group(s)");
        }
        return best;
    }

    private static double samplingRate(DicomDataset group, String name) {
        double hz = decimal(group, SAMPLING_FREQUENCY, Double.NaN, name, "sample rate");
        if (!(hz >= 50 && hz <= 20_000)) {
            throw new DicomFormatException(name, "sample rate", "Sampling Frequency (003A,001A) " + hz + " Hz is not an ECG's");
        }
        return hz;
    }

    private static List<Lead> leads(DicomDataset group, String name) {
        Integer channels = group.unsignedShort(CHANNEL_COUNT);
        Long samples = group.unsignedInt(SAMPLE_COUNT);
        List<DicomDataset> definitions = group.sequence(CHANNELS);
        if (channels == null || samples == null || channels == 0 || samples == 0 || definitions.size() != channels) {
            throw new DicomFormatException(name, "channels", channels + " channel(s) of " + samples + " sample(s), "
                    + definitions.size() + " channel definition(s)");
        }
        Integer bits = group.unsignedShort(BITS_ALLOCATED);
        String interpretation = group.text(INTERPRETATION);
        if (bits == null || bits != 16 || !"SS".equals(interpretation)) {
            throw new DicomFormatException(name, "sample interpretation", bits + " bits allocated, interpretation '" + interpretation
                    + "': only signed 16-bit samples (16, SS) are read");
        }
        byte[] data = group.bytes(WAVEFORM_DATA);
        long expected = 2L * channels * samples;
        if (data == null || data.length < expected) {
            throw new DicomFormatException(name, "waveform data", (data == null ? "no" : data.length + " bytes of") + " Waveform Data (5400,1010), "
                    + channels + " × " + samples + " 16-bit samples need " + expected);
        }
        ByteBuffer values = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int n = samples.intValue();
        List<Lead> leads = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int c = 0; c < channels; c++) {
            DicomDataset channel = definitions.get(c);
            String lead = leadName(channel, c, name);
            if (!seen.add(lead)) {
                throw new DicomFormatException(name, "lead", "lead " + lead + " appears twice");
            }
            int[] x = new int[n];
            for (int i = 0; i < n; i++) {
                x[i] = values.getShort(2 * (i * channels + c));
            }
            leads.add(new Lead(lead, x, gainPerMv(channel, lead, name), baseline(channel, name)));
        }
        return leads;
    }

    private static String leadName(DicomDataset channel, int index, String name) {
        List<DicomDataset> source = channel.sequence(CHANNEL_SOURCE);
        if (source.isEmpty()) {
            throw new DicomFormatException(name, "lead", "channel " + (index + 1) + " has no Channel Source Sequence (003A,0208)");
        }
        String meaning = source.get(0).text(CODE_MEANING);
        if (meaning != null) {
            String lead = LeadName.normalise(meaning.replaceFirst("(?i)^lead\\s+", ""));
            if (LeadName.isStandard(lead)) {
                return lead;
            }
        }
        String code = source.get(0).text(CODE_VALUE);
        if (code != null) {
            String number = code.replaceFirst("^(5\\.6\\.3-9-|2:)", "");
            if (!number.equals(code) && LEAD_CODES.containsKey(number)) {
                return LEAD_CODES.get(number);
            }
        }
        if (meaning != null && !meaning.isBlank()) {
            return LeadName.normalise(meaning); // a lead beyond the twelve (e.g. V4R): kept under its own name
        }
        throw new DicomFormatException(name, "lead", "channel " + (index + 1) + " names no lead (code '" + code + "')");
    }

    /** Samples per millivolt: 1 / (sensitivity × correction) in the channel's units (µV or mV, UCUM). */
    private static double gainPerMv(DicomDataset channel, String lead, String name) {
        double sensitivity = decimal(channel, SENSITIVITY, Double.NaN, name, "sensitivity");
        double correction = decimal(channel, CORRECTION, 1, name, "sensitivity");
        List<DicomDataset> units = channel.sequence(SENSITIVITY_UNITS);
        String unit = units.isEmpty() ? null : units.get(0).text(CODE_VALUE);
        double mvPerUnit = switch (unit == null ? "" : unit) {
            case "uV", "UV" -> 0.001;
            case "mV", "MV" -> 1;
            default -> throw new DicomFormatException(name, "units", "lead " + lead + ": sensitivity units '" + unit + "' (µV or mV read)");
        };
        double mvPerSample = sensitivity * correction * mvPerUnit;
        if (!(mvPerSample > 0) || Double.isInfinite(mvPerSample)) {
            throw new DicomFormatException(name, "sensitivity", "lead " + lead + ": " + sensitivity + " × " + correction + " " + unit + " per sample");
        }
        return 1 / mvPerSample;
    }

    /**
     * The sample value of 0 mV. PS3.3 C.10.9.1.4.3 gives Channel Baseline as the offset of sample 0 from true 0; like
     * pydicom, it is read in sample units and added to the samples (physical = (sample + baseline) × sensitivity).
     */
    private static int baseline(DicomDataset channel, String name) {
        double b = decimal(channel, BASELINE, 0, name, "sensitivity");
        if (Math.abs(b) > 32768 || b != Math.rint(b)) {
            throw new DicomFormatException(name, "sensitivity", "Channel Baseline " + b + " is not a whole sample value");
        }
        return (int) -b;
    }

    private static double decimal(DicomDataset set, int tag, double absent, String name, String check) {
        String v = set.text(tag);
        if (v == null || v.isEmpty()) {
            if (Double.isNaN(absent)) {
                throw new DicomFormatException(name, check, DicomDataset.hex(tag) + " is missing");
            }
            return absent;
        }
        try {
            return Double.parseDouble(v.split("\\\\")[0]); // DS may hold several values; the first counts
        } catch (NumberFormatException e) {
            throw new DicomFormatException(name, check, DicomDataset.hex(tag) + " '" + v + "' is not a decimal");
        }
    }

    private Instant acquiredAt(DicomDataset set, String name) {
        String dt = set.text(ACQUISITION_DATETIME);
        if (dt == null && set.text(ACQUISITION_DATE) != null) {
            dt = set.text(ACQUISITION_DATE) + (set.text(ACQUISITION_TIME) == null ? "" : set.text(ACQUISITION_TIME));
        }
        if (dt == null || dt.length() < 8) {
            return null;
        }
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{8})(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.\\d{1,6})?([+-]\\d{4})?").matcher(dt);
            if (!m.matches()) {
                return null;
            }
            LocalDate date = LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE);
            LocalTime time = LocalTime.of(m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
            String offset = m.group(5) != null ? m.group(5) : set.text(TIMEZONE);
            ZoneId zone = offset != null && offset.matches("[+-]\\d{4}") ? ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3)) : siteZone;
            return LocalDateTime.of(date, time).atZone(zone).toInstant();
        } catch (java.time.DateTimeException e) {
            throw new DicomFormatException(name, "date", "acquisition time '" + dt + "': " + e.getMessage());
        }
    }

    /** Patient's Age (AS): nnnY in years; months, weeks and days are under a year. */
    private static Integer age(DicomDataset set) {
        String as = set.text(AGE);
        if (as == null || !as.matches("\\d{3}[DWMY]")) {
            return null;
        }
        return as.endsWith("Y") ? Integer.parseInt(as.substring(0, 3)) : 0;
    }

    private static Sex sex(DicomDataset set) {
        String s = set.text(SEX);
        return "M".equals(s) ? Sex.MALE : "F".equals(s) ? Sex.FEMALE : Sex.UNKNOWN;
    }
}
