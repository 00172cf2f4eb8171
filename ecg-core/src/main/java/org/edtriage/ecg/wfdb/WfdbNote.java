package org.edtriage.ecg.wfdb;

/**
 * Something a record does that the WFDB C library reads past but a caller may want to know: the
 * record is read, not refused, and the note says what was unusual. Checks are named as
 * {@link WfdbFormatException#check()} names them.
 *
 * @param signal the signal's description, or {@code null} when the note is about the whole record
 */
public record WfdbNote(String check, String signal, String detail) {

    @Override
    public String toString() {
        return check + (signal == null ? "" : " (signal " + signal + ")") + ": " + detail;
    }
}
