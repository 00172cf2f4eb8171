package org.edtriage.ecg.dicom;

import org.edtriage.ecg.vendorxml.VendorFormatException;

/**
 * A DICOM file we cannot read as a 12-lead or general ECG. Checks: "size", "preamble", "file meta", "transfer syntax",
 * "sop class", "element", "sequence", "waveform", "multiplex group", "channels", "sample interpretation",
 * "waveform data", "sensitivity", "units", "lead", "sample rate".
 */
public class DicomFormatException extends VendorFormatException {
    public DicomFormatException(String document, String check, String detail) {
        super("DICOM", document, check, detail, null);
    }
}
