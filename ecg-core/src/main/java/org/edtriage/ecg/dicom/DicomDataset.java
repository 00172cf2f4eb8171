package org.edtriage.ecg.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The elements of a DICOM data set (PS3.5 §7) as far as an ECG needs them: each tag's value bytes, and the items of
 * each sequence as data sets of their own. Read from a little-endian encoding, explicit or implicit VR (PS3.5 §7.1);
 * in implicit VR, a sequence is recognised by its undefined length or, defined, by being one of {@link #SEQUENCES}.
 * Every length is checked against what remains, so a damaged file is refused ({@link DicomFormatException}), never
 * read past its end.
 */
final class DicomDataset {
    /** The sequences an ECG reader descends into, for implicit VR where the encoding does not say. */
    static final java.util.Set<Integer> SEQUENCES = java.util.Set.of(
            tag(0x5400, 0x0100), // Waveform Sequence
            tag(0x003A, 0x0200), // Channel Definition Sequence
            tag(0x003A, 0x0208), // Channel Source Sequence
            tag(0x003A, 0x0211), // Channel Sensitivity Units Sequence
            tag(0x0040, 0x08EA)); // Measurement Units Code Sequence
    private static final int ITEM = tag(0xFFFE, 0xE000), ITEM_END = tag(0xFFFE, 0xE00D), SEQUENCE_END = tag(0xFFFE, 0xE0DD);
    private static final int UNDEFINED = -1;
    /** VRs whose explicit encoding has two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1). */
    private static final java.util.Set<String> LONG_VRS = java.util.Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    /** Deeper than any ECG object nests (waveform → channel → source): a bound against crafted recursion. */
    private static final int MAX_DEPTH = 8;

    private final Map<Integer, byte[]> values = new LinkedHashMap<>();
    private final Map<Integer, List<DicomDataset>> sequences = new LinkedHashMap<>();

    static int tag(int group, int element) {
        return group << 16 | element;
    }

    /** Reads elements from the buffer's position to its limit. */
    static DicomDataset read(ByteBuffer in, boolean explicitVr, String name) {
        return read(in.order(ByteOrder.LITTLE_ENDIAN), explicitVr, name, 0);
    }

    private static DicomDataset read(ByteBuffer in, boolean explicitVr, String name, int depth) {
        if (depth > MAX_DEPTH) {
            throw new DicomFormatException(name, "sequence", "sequences nested deeper than " + MAX_DEPTH);
        }
        DicomDataset set = new DicomDataset();
        while (in.remaining() > 0) {
            need(in, 8, name, "an element's tag and length");
            int tag = tag(in.getShort() & 0xFFFF, in.getShort() & 0xFFFF);
            if (tag == ITEM_END && depth > 0) { // the end of an item of undefined length: the caller's loop continues after it
                in.getInt();
                return set;
            }
            if (tag >>> 16 == 0xFFFE) {
                throw new DicomFormatException(name, "sequence", "a delimiter " + hex(tag) + " where an element should be");
            }
            String vr = null;
            long length;
            if (explicitVr) {
                vr = new String(new byte[]{in.get(), in.get()}, StandardCharsets.US_ASCII);
                if (LONG_VRS.contains(vr)) {
                    need(in, 6, name, "the length of " + hex(tag));
                    in.getShort();
                    length = in.getInt() & 0xFFFFFFFFL;
                } else {
                    length = in.getShort() & 0xFFFF;
                }
            } else {
                length = in.getInt() & 0xFFFFFFFFL;
            }
            boolean undefined = length == 0xFFFFFFFFL;
            if ("SQ".equals(vr) || (!explicitVr && (undefined || SEQUENCES.contains(tag)))) {
                set.sequences.put(tag, items(in, undefined ? UNDEFINED : checked(in, length, name, tag), explicitVr, name, depth));
            } else if (undefined) {
                throw new DicomFormatException(name, "element", hex(tag) + " has an undefined length but is not a sequence "
                        + "(encapsulated waveform data is not part of the ECG objects)");
            } else {
                byte[] value = new byte[checked(in, length, name, tag)];
                in.get(value);
                set.values.put(tag, value);
            }
        }
        return set;
    }

    private static List<DicomDataset> items(ByteBuffer in, int length, boolean explicitVr, String name, int depth) {
        ByteBuffer body = in;
        if (length != UNDEFINED) {
            body = in.slice(in.position(), length).order(ByteOrder.LITTLE_ENDIAN);
            in.position(in.position() + length);
        }
        List<DicomDataset> items = new java.util.ArrayList<>();
        while (body.remaining() > 0) {
            need(body, 8, name, "a sequence item's header");
            int tag = tag(body.getShort() & 0xFFFF, body.getShort() & 0xFFFF);
            long itemLength = body.getInt() & 0xFFFFFFFFL;
            if (tag == SEQUENCE_END) {
                if (length != UNDEFINED) {
                    throw new DicomFormatException(name, "sequence", "a sequence delimiter inside a sequence of defined length");
                }
                return items;
            }
            if (tag != ITEM) {
                throw new DicomFormatException(name, "sequence", "expected an item (FFFE,E000), found " + hex(tag));
            }
            if (itemLength == 0xFFFFFFFFL) {
                items.add(read(body, explicitVr, name, depth + 1)); // returns after its item delimiter
            } else {
                int n = checked(body, itemLength, name, ITEM);
                items.add(read(body.slice(body.position(), n).order(ByteOrder.LITTLE_ENDIAN), explicitVr, name, depth + 1));
                body.position(body.position() + n);
            }
        }
        if (length == UNDEFINED) {
            throw new DicomFormatException(name, "sequence", "a sequence of undefined length ends without its delimiter");
        }
        return items;
    }

    private static int checked(ByteBuffer in, long length, String name, int tag) {
        if (length > in.remaining()) {
            throw new DicomFormatException(name, "element", hex(tag) + " says " + length + " bytes, " + in.remaining() + " remain");
        }
        return (int) length;
    }

    private static void need(ByteBuffer in, int bytes, String name, String what) {
        if (in.remaining() < bytes) {
            throw new DicomFormatException(name, "element", "the file ends inside " + what);
        }
    }

    static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    byte[] bytes(int tag) {
        return values.get(tag);
    }

    /** A text value (CS, DS, IS, LO, UI, DA, TM, DT, AS, PN), without its padding; null when absent. */
    String text(int tag) {
        byte[] v = values.get(tag);
        if (v == null) {
            return null;
        }
        String s = new String(v, StandardCharsets.ISO_8859_1);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        return s.substring(0, end).strip();
    }

    /** An unsigned 16-bit value (US); null when absent or not two bytes. */
    Integer unsignedShort(int tag) {
        byte[] v = values.get(tag);
        return v == null || v.length < 2 ? null : (v[0] & 0xFF) | (v[1] & 0xFF) << 8;
    }

    /** An unsigned 32-bit value (UL); null when absent or not four bytes. */
    Long unsignedInt(int tag) {
        byte[] v = values.get(tag);
        return v == null || v.length < 4 ? null : ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    List<DicomDataset> sequence(int tag) {
        return sequences.getOrDefault(tag, List.of());
    }
}
