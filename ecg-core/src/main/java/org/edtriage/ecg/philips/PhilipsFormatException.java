package org.edtriage.ecg.philips;

import org.edtriage.ecg.vendorxml.VendorFormatException;

/**
 * A Philips (Sierra) ECG XML document we cannot read as an ECG. Checks: "size", "xml", "root", "version", "waveforms",
 * "encoding", "compression", "base64", "xli", "leads", "sample rate", "sample count", "resolution", "offset", "age",
 * "date".
 */
public class PhilipsFormatException extends VendorFormatException {
    public PhilipsFormatException(String document, String check, String detail) {
        this(document, check, detail, null);
    }

    public PhilipsFormatException(String document, String check, String detail, Throwable cause) {
        super("Philips XML", document, check, detail, cause);
    }
}
