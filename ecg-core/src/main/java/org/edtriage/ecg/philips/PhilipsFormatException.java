package org.edtriage.ecg.philips;

/** A Philips (Sierra) ECG XML document we cannot read as an ECG, naming the document and the failed check. */
public class PhilipsFormatException extends RuntimeException {
    private final String document;
    private final String check;

    public PhilipsFormatException(String document, String check, String detail) {
        this(document, check, detail, null);
    }

    public PhilipsFormatException(String document, String check, String detail, Throwable cause) {
        super("Philips XML '" + document + "': " + check + " failed: " + detail, cause);
        this.document = document;
        this.check = check;
    }

    public String document() {
        return document;
    }

    /**
     * Short name of the check that failed: "size", "xml", "root", "version", "waveforms", "encoding",
     * "compression", "base64", "xli", "leads", "sample rate", "sample count", "resolution", "offset",
     * "age", "date".
     */
    public String check() {
        return check;
    }
}
