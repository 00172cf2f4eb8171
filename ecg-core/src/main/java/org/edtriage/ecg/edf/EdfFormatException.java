package org.edtriage.ecg.edf;

import org.edtriage.ecg.vendorxml.VendorFormatException;

/**
 * An EDF file we cannot read as an ECG. Checks: "size", "version", "header", "number", "date", "signals",
 * "discontinuous", "units", "scaling", "sample rate", "lead", "data size".
 */
public class EdfFormatException extends VendorFormatException {
    public EdfFormatException(String document, String check, String detail) {
        super("EDF", document, check, detail, null);
    }
}
