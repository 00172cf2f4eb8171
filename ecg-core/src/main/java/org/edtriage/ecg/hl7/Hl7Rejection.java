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

    public Hl7Rejection(Code code, String reason) {
        super(reason);
        this.code = code;
    }

    public Hl7Rejection(Code code, String reason, Throwable cause) {
        super(reason, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** AR for what we do not take at all (unsupported types), AE for a message whose content is wrong. */
    public String ackCode() {
        return code == Code.UNSUPPORTED_MESSAGE_TYPE || code == Code.UNSUPPORTED_EVENT_CODE || code == Code.UNSUPPORTED_VERSION ? "AR" : "AE";
    }
}
