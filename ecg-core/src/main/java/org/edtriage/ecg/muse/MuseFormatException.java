package org.edtriage.ecg.muse;

/** A GE MUSE XML document we cannot read as an ECG, naming the document and the failed check. */
public class MuseFormatException extends RuntimeException {
    private final String document;
    private final String check;

    public MuseFormatException(String document, String check, String detail) {
        this(document, check, detail, null);
    }

    public MuseFormatException(String document, String check, String detail, Throwable cause) {
        super("GE MUSE XML '" + document + "': " + check + " failed: " + detail, cause);
        this.document = document;
        this.check = check;
    }

    public String document() {
        return document;
    }

    /**
     * Short name of the check that failed: "size", "xml", "doctype", "root", "rhythm", "sample rate", "lead",
     * "lead data", "base64", "sample size", "byte count", "sample count", "crc32", "units", "age", "date".
     */
    public String check() {
        return check;
    }
}
