package org.edtriage.ecg.hl7;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw text of an ER7 (pipe-delimited) message split into segments and fields, without HAPI:
 * used to lift the waveform payloads out before HAPI sees the message (HAPI 2.6's handling of NA
 * fields is quadratic in their component count) and to answer garbage that HAPI cannot parse.
 */
public final class Hl7Text {
    private final List<String> segments;
    private final char fieldSeparator;
    private final char componentSeparator;

    private Hl7Text(List<String> segments, char fieldSeparator, char componentSeparator) {
        this.segments = segments;
        this.fieldSeparator = fieldSeparator;
        this.componentSeparator = componentSeparator;
    }

    public static Hl7Text of(String message) {
        String text = message.startsWith("\uFEFF") ? message.substring(1) : message;
        List<String> segments = new ArrayList<>();
        int start = 0;
        int length = text.length();
        while (start < length) {
            int cr = text.indexOf('\r', start); // indexOf is vectorised; a 200 KB message has only ~30 segments
            int lf = text.indexOf('\n', start);
            int end = cr < 0 ? (lf < 0 ? length : lf) : (lf < 0 ? cr : Math.min(cr, lf));
            if (end > start) {
                segments.add(text.substring(start, end));
            }
            start = end + 1;
        }
        if (segments.isEmpty() || !segments.get(0).startsWith("MSH") || segments.get(0).length() < 8) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "the message does not start with an MSH segment");
        }
        String msh = segments.get(0);
        return new Hl7Text(segments, msh.charAt(3), msh.charAt(4));
    }

    public List<String> segments() {
        return segments;
    }

    public char fieldSeparator() {
        return fieldSeparator;
    }

    public char componentSeparator() {
        return componentSeparator;
    }

    /** Field {@code n} of a segment, numbered as HL7 does (for MSH, MSH-1 is the separator itself). */
    public String field(String segment, int n) {
        if (segment.startsWith("MSH")) {
            if (n == 1) {
                return String.valueOf(fieldSeparator);
            }
            return nth(segment, n - 1);
        }
        return nth(segment, n);
    }

    /** MSH-10, or empty when the MSH is too short to hold one. */
    public String controlId() {
        return field(segments.get(0), 10);
    }

    public String messageType() {
        return field(segments.get(0), 9);
    }

    private String nth(String segment, int n) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            int next = segment.indexOf(fieldSeparator, from);
            if (next < 0) {
                return "";
            }
            from = next + 1;
        }
        int end = segment.indexOf(fieldSeparator, from);
        return end < 0 ? segment.substring(from) : segment.substring(from, end);
    }

    /** The first component of a field value. */
    public String component(String field, int n) {
        int from = 0;
        for (int i = 1; i < n; i++) {
            int next = field.indexOf(componentSeparator, from);
            if (next < 0) {
                return "";
            }
            from = next + 1;
        }
        int end = field.indexOf(componentSeparator, from);
        return end < 0 ? field.substring(from) : field.substring(from, end);
    }
}
