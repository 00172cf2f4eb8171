package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** ADT messages as a hospital registration system sends them, read back by {@link AdtMapper}: for simulators and tests. */
public final class AdtWriter {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private AdtWriter() {
    }

    /** ADT^A04 (ED registration) with the chief complaint in PV2-3. */
    public static String registration(String controlId, PatientIdentity who, Instant arrival, String complaintCode,
                                      String complaintText, ZoneId zone) {
        String ts = TS.format(arrival.atZone(zone));
        return header("A04", "ADT_A01", controlId, who, ts) + pv1(who, ts)
                + "PV2|||" + complaintCode + "^" + complaintText + "^I10\r";
    }

    /** ADT^A03 (discharge) with one DG1 per ICD-10 code, diagnosed at {@code diagnosedAt} (or the message time). */
    public static String discharge(String controlId, PatientIdentity who, Instant arrival, Instant messageTime,
                                   List<String> icd10Codes, Instant diagnosedAt, ZoneId zone) {
        StringBuilder m = new StringBuilder(header("A03", "ADT_A03", controlId, who, TS.format(messageTime.atZone(zone))))
                .append(pv1(who, TS.format(arrival.atZone(zone))));
        int i = 1;
        for (String code : icd10Codes) {
            String when = code.startsWith("I21") && diagnosedAt != null ? TS.format(diagnosedAt.atZone(zone)) : "";
            m.append("DG1|").append(i++).append("||").append(code).append("^^I10||").append(when).append('\r');
        }
        return m.toString();
    }

    private static String header(String event, String structure, String controlId, PatientIdentity who, String ts) {
        return "MSH|^~\\&|ADT|" + who.facility() + "|TRIAGE|ED|" + ts + "||ADT^" + event + "^" + structure + "|" + controlId + "|P|2.5.1\r"
                + "EVN|" + event + "|" + ts + "\r"
                + "PID|1||" + mrn(who.mrn()) + "||^^||" + (who.birthDate() == null ? "" : who.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE))
                + "|" + (who.sex() == Sex.FEMALE ? "F" : who.sex() == Sex.MALE ? "M" : "U") + "\r";
    }

    private static String pv1(PatientIdentity who, String arrivalTs) {
        // PV1-19 visit number, PV1-44 admit date/time
        return "PV1|1|E|ED^^^" + who.facility() + "||||||||||||||||" + who.visitNumber() + "|||||||||||||||||||||||||" + arrivalTs + "\r";
    }

    private static String mrn(String mrn) {
        int at = mrn.lastIndexOf('@');
        return at < 0 ? mrn : mrn.substring(0, at) + "^^^" + mrn.substring(at + 1) + "^MR";
    }
}
