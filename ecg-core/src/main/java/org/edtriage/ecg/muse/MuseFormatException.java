package org.edtriage.ecg.muse;

import org.edtriage.ecg.vendorxml.VendorFormatException;

/**
 * A GE MUSE XML document we cannot read as an ECG. Checks: "size", "xml", "doctype", "root", "rhythm", "median", "sample rate",
 * "lead", "lead data", "base64", "sample size", "byte count", "sample count", "crc32", "units", "age", "date".
 */
public class MuseFormatException extends VendorFormatException {
    public MuseFormatException(String document, String check, String detail) {
        this(document, check, detail, null);
    }

    public MuseFormatException(String document, String check, String detail, Throwable cause) {
        super("GE MUSE XML", document, check, detail, cause);
    }
}
