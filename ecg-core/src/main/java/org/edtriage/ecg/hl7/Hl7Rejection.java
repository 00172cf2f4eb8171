package org.edtriage.ecg.hl7;

/**
 * An HL7 v2 message we do not accept, with what the sender needs to act on it: the HL7 error code
 * (table 0357) for ERR-3 and whether it is a content error (AE) or a rejection (AR).
 */
public class Hl7Rejection extends RuntimeException {
    /** HL7 table 0357 codes we use. */
    public enum Code {
        SEGMENT_SEQUENCE_ERROR(100, "Segment sequence error"),
        REQUIRED_FIELD_MISSING(101, "Required field missing"),
        DATA_TYPE_ERROR(102, "Data type error"),
        TABLE_VALUE_NOT_FOUND(103, "Table value not found"),
        UNSUPPORTED_MESSAGE_TYPE(200, "Unsupported message type"),
        UNSUPPORTED_EVENT_CODE(201, "Unsupported event code"),
        UNSUPPORTED_VERSION(203, "Unsupported version id"),
        APPLICATION_ERROR(207, "Application internal error");

        public final int number;
        public final String text;

        Code(int number, String text) {
            this.number = number;
            this.text = text;
        }
    }

    private final Code code;
    private final boolean refused;

    public Hl7Rejection(Code code, String reason) {
        this(code, reason, false);
    }

    private Hl7Rejection(Code code, String reason, boolean refused) {
        super(reason);
        this.code = code;
        this.refused = refused;
    }

    /**
     * A message refused for who sent it rather than for what it says (a sending facility, MSH-4, not on the allow-list:
     * HL7 table 0362 is the site's list of facilities, so 103 "table value not found"): AR whatever the code.
     */
    public static Hl7Rejection refusal(Code code, String reason) {
        return new Hl7Rejection(code, reason, true);
    }

    public Hl7Rejection(Code code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
        this.refused = false;
    }

    public Code code() {
        return code;
    }

    /** AR for what we do not take at all (unsupported types, refused senders), AE for a message whose content is wrong. */
    public String ackCode() {
        return refused || code == Code.UNSUPPORTED_MESSAGE_TYPE || code == Code.UNSUPPORTED_EVENT_CODE || code == Code.UNSUPPORTED_VERSION ? "AR" : "AE";
    }
}
