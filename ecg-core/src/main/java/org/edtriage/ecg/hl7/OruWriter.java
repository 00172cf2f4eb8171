package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.documents.EcgDocuments;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@link Ecg} to an ORU^R01 message in one of the accepted {@link OruShape}s: what a cart gateway
 * would send, for tests, demos and load generation. Samples are written as (ADC − baseline) and the
 * resolution as 1/gain, so reading the message back gives the same millivolts sample for sample
 * (and the same integers when the baseline is 0).
 */
public final class OruWriter {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private OruWriter() {
    }

    public static String write(Ecg ecg, OruShape shape, String controlId, PatientIdentity who, ZoneId zone) {
        if (shape == OruShape.EMBEDDED_DOCUMENT) {
            throw new IllegalArgumentException("an embedded document is written from its bytes: writeDocument");
        }
        Instant at = ecg.acquiredAt() != null ? ecg.acquiredAt() : Instant.EPOCH;
        StringBuilder m = new StringBuilder(ecg.leads().size() * ecg.samplesPerLead() * 5 + 1024);
        String ts = header(m, at, controlId, who, zone);
        int obx = 1;
        boolean pcd = shape == OruShape.PCD01;
        m.append("OBX|").append(obx++).append("|NM|").append(pcd ? "0^MDC_ATTR_SAMP_RATE^MDC" : "SAMPLE_RATE^Sampling rate^L")
                .append("||").append(number(ecg.samplingRateHz())).append('|').append(pcd ? "264608^MDC_DIM_HZ^MDC" : "Hz").append("|||||F\r");
        double resolution = Double.NaN;
        for (Lead lead : ecg.leads()) {
            double microvoltsPerUnit = 1000 / lead.gainPerMv();
            if (microvoltsPerUnit != resolution) {
                resolution = microvoltsPerUnit;
                m.append("OBX|").append(obx++).append("|NM|").append(pcd ? "0^MDC_ATTR_NU_MSMT_RES^MDC" : "RESOLUTION^Resolution^L")
                        .append("||").append(number(resolution)).append('|').append(pcd ? "266418^MDC_DIM_MICRO_VOLT^MDC" : "uV").append("|||||F\r");
            }
            String id = pcd ? MdcLeadCodes.code(lead.name()) + "^MDC_ECG_ELEC_POTL_" + lead.name().toUpperCase(Locale.ROOT) + "^MDC"
                    : lead.name() + "^Lead " + lead.name() + "^L";
            m.append("OBX|").append(obx++).append("|NA|").append(id).append("||");
            int[] x = lead.samples();
            for (int i = 0; i < x.length; i++) {
                if (i > 0) {
                    m.append('^');
                }
                m.append(x[i] - lead.baseline());
            }
            m.append('|').append(pcd ? "266418^MDC_DIM_MICRO_VOLT^MDC" : "uV").append("|||||F\r");
        }
        return m.toString();
    }

    /**
     * An ECG document (GE MUSE, Philips, HL7 aECG export, a DICOM or an EDF file) sent whole in one OBX of type ED, base64, as an
     * ECG management system's outbound interface does (ED: source application ^ type ^ subtype ^ encoding ^ data).
     */
    public static String writeDocument(byte[] document, String controlId, PatientIdentity who, Instant observed, ZoneId zone) {
        StringBuilder m = new StringBuilder(document.length * 4 / 3 + 1024);
        header(m, observed != null ? observed : Instant.EPOCH, controlId, who, zone);
        String subtype = switch (EcgDocuments.kind(document)) { // HL7 table 0291
            case DICOM -> "DICOM";
            case EDF -> "Octet-stream";
            default -> "XML";
        };
        m.append("OBX|1|ED|93000^12-lead ECG^CPT4||ECG-MGMT^Application^").append(subtype).append("^Base64^")
                .append(java.util.Base64.getEncoder().encodeToString(document)).append("||||||F\r");
        return m.toString();
    }

    /** MSH, PID, PV1 and OBR; returns the observation time as written. */
    private static String header(StringBuilder m, Instant at, String controlId, PatientIdentity who, ZoneId zone) {
        String ts = TS.format(at.atZone(zone));
        m.append("MSH|^~\\&|ECG-CART|").append(nz(who.facility())).append("|TRIAGE|ED|").append(ts)
                .append("||ORU^R01^ORU_R01|").append(controlId).append("|P|2.6\r");
        m.append("PID|1||").append(mrnField(who.mrn())).append("||^^||")
                .append(who.birthDate() == null ? "" : who.birthDate().format(DateTimeFormatter.BASIC_ISO_DATE)).append('|')
                .append(switch (who.sex()) { case FEMALE -> "F"; case MALE -> "M"; default -> "U"; }).append('\r');
        m.append("PV1|1|E|").append(who.visitNumber() == null ? "" : "||||||||||||||||" + who.visitNumber()).append('\r');
        m.append("OBR|1||").append(controlId).append("|93000^12-lead ECG^CPT4|||").append(ts).append('\r');
        return ts;
    }

    private static String mrnField(String mrn) {
        int at = mrn.lastIndexOf('@');
        return at < 0 ? mrn : mrn.substring(0, at) + "^^^" + mrn.substring(at + 1) + "^MR";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
