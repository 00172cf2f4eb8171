package org.edtriage.ecg.vendorxml;

/** A vendor's ECG document we cannot read as an ECG, naming the document and the failed check. */
public abstract class VendorFormatException extends RuntimeException {
    private final String document;
    private final String check;

    /** @param format how the message names the format, e.g. "GE MUSE XML" */
    protected VendorFormatException(String format, String document, String check, String detail, Throwable cause) {
        super(format + " '" + document + "': " + check + " failed: " + detail, cause);
        this.document = document;
        this.check = check;
    }

    public String document() {
        return document;
    }

    /** Short name of the check that failed; each reader lists its own. */
    public String check() {
        return check;
    }
}
