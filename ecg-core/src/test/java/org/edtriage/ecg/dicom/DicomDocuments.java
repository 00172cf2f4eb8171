package org.edtriage.ecg.dicom;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes DICOM 12-lead ECG objects the way PS3.3 A.34.3 and PS3.5 lay them out, for the reader's tests: no public
 * DICOM ECG file is at hand here, so the test files are made from the standard, in both little-endian encodings
 * (explicit and implicit VR), with sequences and items of defined and of undefined length, and a median-beat multiplex
 * group before the rhythm as carts write it. Public for load-tests' reader benchmark (ecg-core's test jar).
 */
public final class DicomDocuments {
    /** SCP-ECG code values of the twelve leads, as carts write them in the Channel Source Sequence. */
    static final Map<String, String> SCPECG = Map.ofEntries(Map.entry("I", "5.6.3-9-1"), Map.entry("II", "5.6.3-9-2"),
            Map.entry("III", "5.6.3-9-61"), Map.entry("aVR", "5.6.3-9-62"), Map.entry("aVL", "5.6.3-9-63"), Map.entry("aVF", "5.6.3-9-64"),
            Map.entry("V1", "5.6.3-9-3"), Map.entry("V2", "5.6.3-9-4"), Map.entry("V3", "5.6.3-9-5"), Map.entry("V4", "5.6.3-9-6"),
            Map.entry("V5", "5.6.3-9-7"), Map.entry("V6", "5.6.3-9-8"));

    /** How to write: the encoding, whether sequences carry their lengths, and whether code meanings are given. */
    public record Style(boolean explicitVr, boolean definedLengths, boolean codeMeanings, String transferSyntax, String sopClass) {
        public static Style explicit() {
            return new Style(true, false, true, DicomEcgReader.EXPLICIT_LITTLE, DicomEcgReader.TWELVE_LEAD_ECG);
        }

        public static Style implicit() {
            return new Style(false, true, false, DicomEcgReader.IMPLICIT_LITTLE, DicomEcgReader.TWELVE_LEAD_ECG);
        }

        Style with(String transferSyntax, String sopClass) {
            return new Style(explicitVr, definedLengths, codeMeanings, transferSyntax, sopClass);
        }
    }

    private final Style style;

    private DicomDocuments(Style style) {
        this.style = style;
    }

    /** The ECG's leads as a rhythm group (µV sensitivity 1000 / gain, baseline 0), after a two-lead median group. */
    public static byte[] write(Ecg ecg, Style style) {
        return new DicomDocuments(style).file(ecg);
    }

    private byte[] file(Ecg ecg) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0008, 0x002A, "DT", text("20261122083000.000+0100"));
        element(body, 0x0010, 0x0040, "CS", text("F"));
        element(body, 0x0010, 0x1010, "AS", text("063Y"));
        List<byte[]> groups = List.of(group(ecg, "MEDIAN", 2, 600), group(ecg, "RHYTHM", ecg.leads().size(), ecg.samplesPerLead()));
        sequence(body, 0x5400, 0x0100, groups);
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        explicitElement(meta, 0x0002, 0x0001, "OB", new byte[]{0, 1});
        explicitElement(meta, 0x0002, 0x0002, "UI", uid(style.sopClass()));
        explicitElement(meta, 0x0002, 0x0003, "UI", uid("1.2.826.0.1.3680043.10.1234.1"));
        explicitElement(meta, 0x0002, 0x0010, "UI", uid(style.transferSyntax()));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[128]);
        file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        explicitElement(file, 0x0002, 0x0000, "UL", le(4).putInt(meta.size()).array());
        file.writeBytes(meta.toByteArray());
        file.writeBytes(body.toByteArray());
        return file.toByteArray();
    }

    private byte[] group(Ecg ecg, String label, int channels, int samples) {
        ByteArrayOutputStream g = new ByteArrayOutputStream();
        element(g, 0x003A, 0x0005, "US", le(2).putShort((short) channels).array());
        element(g, 0x003A, 0x0010, "UL", le(4).putInt(samples).array());
        element(g, 0x003A, 0x001A, "DS", text(decimal(ecg.samplingRateHz())));
        element(g, 0x003A, 0x0020, "CS", text(label));
        List<byte[]> definitions = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            Lead lead = ecg.leads().get(c);
            ByteArrayOutputStream d = new ByteArrayOutputStream();
            ByteArrayOutputStream source = new ByteArrayOutputStream();
            element(source, 0x0008, 0x0100, "SH", text(SCPECG.getOrDefault(lead.name(), lead.name())));
            element(source, 0x0008, 0x0102, "SH", text("SCPECG"));
            if (style.codeMeanings()) {
                element(source, 0x0008, 0x0104, "LO", text("Lead " + lead.name()));
            }
            sequence(d, 0x003A, 0x0208, List.of(source.toByteArray()));
            element(d, 0x003A, 0x0210, "DS", text(decimal(1000 / lead.gainPerMv())));
            ByteArrayOutputStream units = new ByteArrayOutputStream();
            element(units, 0x0008, 0x0100, "SH", text("uV"));
            element(units, 0x0008, 0x0102, "SH", text("UCUM"));
            sequence(d, 0x003A, 0x0211, List.of(units.toByteArray()));
            element(d, 0x003A, 0x0212, "DS", text("1"));
            element(d, 0x003A, 0x0213, "DS", text(Integer.toString(-lead.baseline())));
            definitions.add(d.toByteArray());
        }
        sequence(g, 0x003A, 0x0200, definitions);
        element(g, 0x5400, 0x1004, "US", le(2).putShort((short) 16).array());
        element(g, 0x5400, 0x1006, "CS", text("SS"));
        ByteBuffer data = le(2 * channels * samples);
        for (int i = 0; i < samples; i++) {
            for (int c = 0; c < channels; c++) {
                data.putShort((short) ecg.leads().get(c).samples()[i]);
            }
        }
        element(g, 0x5400, 0x1010, "OW", data.array());
        return g.toByteArray();
    }

    private void sequence(ByteArrayOutputStream out, int group, int element, List<byte[]> items) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] item : items) {
            body.writeBytes(le(8).putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(style.definedLengths() ? item.length : -1).array());
            body.writeBytes(item);
            if (!style.definedLengths()) {
                body.writeBytes(le(8).putShort((short) 0xFFFE).putShort((short) 0xE00D).putInt(0).array());
            }
        }
        if (!style.definedLengths()) {
            body.writeBytes(le(8).putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0).array());
        }
        header(out, group, element, "SQ", style.definedLengths() ? body.size() : -1);
        out.writeBytes(body.toByteArray());
    }

    private void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        header(out, group, element, vr, value.length);
        out.writeBytes(value);
    }

    private void header(ByteArrayOutputStream out, int group, int element, String vr, int length) {
        if (style.explicitVr()) {
            explicitHeader(out, group, element, vr, length);
        } else {
            out.writeBytes(le(8).putShort((short) group).putShort((short) element).putInt(length).array());
        }
    }

    private static void explicitElement(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        explicitHeader(out, group, element, vr, value.length);
        out.writeBytes(value);
    }

    private static void explicitHeader(ByteArrayOutputStream out, int group, int element, String vr, int length) {
        out.writeBytes(le(4).putShort((short) group).putShort((short) element).array());
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (List.of("OB", "OW", "SQ", "UN", "UT").contains(vr)) {
            out.writeBytes(le(6).putShort((short) 0).putInt(length).array());
        } else {
            out.writeBytes(le(2).putShort((short) length).array());
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Text values are padded to even length with a space (UIDs with a zero byte). */
    private static byte[] text(String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] uid(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : java.util.Arrays.copyOf(b, b.length + 1);
    }

    private static String decimal(double v) {
        String s = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        return s.length() > 16 ? String.format(java.util.Locale.ROOT, "%.10g", v).strip() : s;
    }
}
