package org.edtriage.ingest.hl7;

import org.edtriage.ecg.hl7.Hl7Rejection;
import org.edtriage.ecg.hl7.Hl7Text;

import java.nio.charset.Charset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HL7 v2 original-mode acknowledgements. Built as text rather than with HAPI's generateACK so that
 * a message HAPI cannot parse (or that has no usable MSH) still gets an answer that names what was
 * wrong: MSA-1 AA/AE/AR, MSA-2 the sender's control id, MSA-3 and ERR-8 the reason, ERR-3 the HL7
 * table 0357 code.
 */
public final class Acks {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ", Locale.ROOT);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final int MAX_REASON = 400;

    private Acks() {
    }

    public static byte[] accept(Hl7Text message, Charset charset) {
        return build(message, "AA", null, null, charset);
    }

    public static byte[] reject(Hl7Text message, Hl7Rejection rejection, Charset charset) {
        return build(message, rejection.ackCode(), rejection.code(), rejection.getMessage(), charset);
    }

    /** AR for "could not store it now": the sender should send the same message again later. */
    public static byte[] retryLater(Hl7Text message, String reason, Charset charset) {
        return build(message, "AR", Hl7Rejection.Code.APPLICATION_ERROR, reason, charset);
    }

    private static byte[] build(Hl7Text message, String code, Hl7Rejection.Code error, String reason, Charset charset) {
        String msh = message == null ? null : message.segments().get(0);
        String sendingApp = msh == null ? "" : message.field(msh, 3);
        String sendingFacility = msh == null ? "" : message.field(msh, 4);
        String trigger = msh == null ? "" : message.component(message.messageType(), 2);
        String version = msh == null || message.field(msh, 12).isEmpty() ? "2.6" : message.field(msh, 12);
        String controlId = msh == null ? "" : message.controlId();
        StringBuilder ack = new StringBuilder(256);
        ack.append("MSH|^~\\&|TRIAGE|ED|").append(sendingApp).append('|').append(sendingFacility).append('|')
                .append(TS.format(ZonedDateTime.now())).append("||ACK^").append(trigger).append("^ACK|")
                .append("ACK").append(System.currentTimeMillis()).append('-').append(SEQUENCE.incrementAndGet())
                .append("|P|").append(version).append('\r');
        ack.append("MSA|").append(code).append('|').append(escape(controlId));
        if (reason != null) {
            ack.append('|').append(escape(shorten(reason)));
        }
        ack.append('\r');
        if (error != null) {
            ack.append("ERR|||").append(error.number).append('^').append(error.text).append("^HL70357|E||||")
                    .append(escape(shorten(reason))).append('\r');
        }
        return ack.toString().getBytes(charset);
    }

    private static String shorten(String s) {
        String oneLine = s.replace('\r', ' ').replace('\n', ' ');
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "…";
    }

    /** HL7 escape sequences for the delimiters, so a reason cannot break the ACK's structure. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\E\\");
                case '|' -> out.append("\\F\\");
                case '^' -> out.append("\\S\\");
                case '~' -> out.append("\\R\\");
                case '&' -> out.append("\\T\\");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
