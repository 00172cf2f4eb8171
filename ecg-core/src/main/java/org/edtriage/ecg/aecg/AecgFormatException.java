package org.edtriage.ecg.aecg;

/** An HL7 aECG document we cannot read as an ECG, with the reason. */
public class AecgFormatException extends RuntimeException {
    public AecgFormatException(String message) {
        super("HL7 aECG: " + message);
    }

    public AecgFormatException(String message, Throwable cause) {
        super("HL7 aECG: " + message, cause);
    }
}
