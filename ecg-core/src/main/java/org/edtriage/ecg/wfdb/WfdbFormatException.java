package org.edtriage.ecg.wfdb;

/** A WFDB record that cannot be read as it claims to be, naming the record, the signal and the failed check. */
public class WfdbFormatException extends RuntimeException {
    private final String record;
    private final String check;

    public WfdbFormatException(String record, String check, String detail) {
        super("WFDB record '" + record + "': " + check + " failed: " + detail);
        this.record = record;
        this.check = check;
    }

    public String record() {
        return record;
    }

    /** Short name of the check that failed, e.g. "checksum", "initial value", "data length", "header". */
    public String check() {
        return check;
    }
}
