package org.edtriage.ecg.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.util.Terser;
import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.documents.EcgDocuments;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ORU^R01 waveform messages to {@link Ecg}. HAPI parses the message structure; the NA payloads
 * (the samples) are lifted out of the raw text first and parsed here in one linear pass, because
 * HAPI 2.6's NA handling is quadratic in the number of components (measured: 3.6 s for a 12-lead
 * 10 s 500 Hz message with one 5,000-sample OBX per lead).
 *
 * <p>Which observation is what: a lead is an NA observation whose OBX-3 names a lead (the MDC
 * reference id {@code MDC_ECG_ELEC_POTL_V1} or its numeric code, or a plain lead name {@code V1});
 * the sampling rate and resolution are NM observations named {@code MDC_ATTR_SAMP_RATE} /
 * {@code MDC_ATTR_NU_MSMT_RES} (or plainly {@code SAMPLE_RATE} / {@code RESOLUTION}, or
 * {@code GAIN} in units per mV). A rate or resolution applies to the leads after it; one given after
 * the last lead applies to every lead that had none.
 */
public final class OruMapper {
    private static final List<String> RATE_NAMES = List.of("MDC_ATTR_SAMP_RATE", "SAMPLE_RATE", "SAMPLING_RATE", "SAMPLING RATE");
    private static final List<String> RESOLUTION_NAMES = List.of("MDC_ATTR_NU_MSMT_RES", "RESOLUTION");

    private final ZoneId localZone;
    private final EcgDocuments documents;

    /** @param localZone how to read HL7 times without an offset (the hospital's zone), and the local times of embedded documents */
    public OruMapper(ZoneId localZone) {
        this.localZone = localZone;
        this.documents = new EcgDocuments(localZone);
    }

    public OruEcg read(String message) {
        Hl7Text text = Hl7Text.of(message);
        String type = text.messageType();
        if (!text.component(type, 1).equals("ORU") || !text.component(type, 2).equals("R01")) {
            throw new Hl7Rejection(Hl7Rejection.Code.UNSUPPORTED_MESSAGE_TYPE, "expected ORU^R01, got " + type);
        }
        // lift the NA (and ED: embedded documents) payloads out, in OBX order, and give HAPI the message without them
        List<String> payloads = new ArrayList<>();
        StringBuilder stripped = new StringBuilder(4096);
        for (String segment : text.segments()) {
            if (segment.startsWith("OBX") && (text.field(segment, 2).equals("NA") || text.field(segment, 2).equals("ED"))) {
                payloads.add(text.field(segment, 5));
                segment = replaceField(segment, 5, text.fieldSeparator());
            } else if (segment.startsWith("OBX")) {
                payloads.add(null);
            }
            stripped.append(segment).append('\r');
        }
        Message parsed = Hl7Parsing.parse(stripped.toString());
        Terser t = new Terser(parsed);
        try {
            return map(t, parsed, payloads, text);
        } catch (IllegalArgumentException e) {
            // the Ecg's own invariants (lead lengths, rates): the message content is wrong
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, e.getMessage(), e);
        } catch (HL7Exception e) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "unexpected message structure: " + e.getMessage(), e);
        }
    }

    private OruEcg map(Terser t, Message parsed, List<String> payloads, Hl7Text text) throws HL7Exception {
        String controlId = require(t.get("/MSH-10"), "MSH-10 (message control id)");
        List<Lead> leads = new ArrayList<>();
        List<Integer> leadsWithoutRate = new ArrayList<>();
        List<Integer> leadsWithoutResolution = new ArrayList<>();
        Double rate = null;
        Double resolutionMv = null;
        Double lateRate = null;
        Double lateResolution = null;
        List<Double> rates = new ArrayList<>();
        List<Double> resolutions = new ArrayList<>();
        List<int[]> samples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean mdc = false;
        List<String> embedded = new ArrayList<>();
        // typed access, not Terser paths: a Terser path is re-parsed on every call (~10 µs × 5 fields × 26 OBX)
        List<OBX> obxs = observations(parsed);
        if (obxs.size() != payloads.size()) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "found " + payloads.size() + " OBX segments, "
                    + obxs.size() + " of them inside ORDER_OBSERVATION groups: OBX must follow an OBR");
        }
        for (int i = 0; i < payloads.size(); i++) {
            OBX obx = obxs.get(i);
            String id = nz(obx.getObx3_ObservationIdentifier().getCwe1_Identifier().getValue());
            String idText = nz(obx.getObx3_ObservationIdentifier().getCwe2_Text().getValue());
            String valueType = nz(obx.getObx2_ValueType().getValue());
            String unit = nz(obx.getObx6_Units().getCwe1_Identifier().getValue());
            String unitText = nz(obx.getObx6_Units().getCwe2_Text().getValue());
            String name = attributeName(id, idText);
            if (valueType.equals("ED")) {
                embedded.add(payloads.get(i));
            } else if (valueType.equals("NA")) {
                String lead = leadName(id, idText);
                if (lead == null) {
                    continue; // an array that is not a lead (e.g. a marker channel): not ours to read
                }
                mdc |= id.startsWith("MDC_") || idText.startsWith("MDC_") || MdcLeadCodes.lead(id) != null;
                names.add(lead);
                samples.add(parseSamples(payloads.get(i), text.componentSeparator(), lead));
                rates.add(rate);
                resolutions.add(resolutionMv);
            } else if (RATE_NAMES.contains(name)) {
                double v = number(value(obx), name);
                rate = toHz(v, unit + " " + unitText, name);
                lateRate = rate;
            } else if (RESOLUTION_NAMES.contains(name)) {
                double v = number(value(obx), name);
                resolutionMv = toMillivolts(v, unit + " " + unitText, name);
                lateResolution = resolutionMv;
            } else if (name.equals("GAIN")) {
                double v = number(value(obx), name);
                resolutionMv = 1 / v;
                lateResolution = resolutionMv;
            }
        }
        if (names.isEmpty() && !embedded.isEmpty()) {
            return fromDocument(t, embedded, text, controlId);
        }
        if (names.isEmpty()) {
            throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "no NA observation names an ECG lead in OBX-3");
        }
        int n = samples.get(0).length;
        Double rateHz = null;
        for (int l = 0; l < names.size(); l++) {
            Double r = rates.get(l) != null ? rates.get(l) : lateRate;
            Double res = resolutions.get(l) != null ? resolutions.get(l) : lateResolution;
            if (r == null) {
                throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "lead " + names.get(l) + " has no sampling rate observation (MDC_ATTR_SAMP_RATE or SAMPLE_RATE)");
            }
            if (res == null) {
                throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "lead " + names.get(l) + " has no resolution observation (MDC_ATTR_NU_MSMT_RES, RESOLUTION or GAIN)");
            }
            if (rateHz != null && !rateHz.equals(r)) {
                throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "leads are sampled at " + rateHz + " and " + r + " Hz; one rate per ECG is supported");
            }
            rateHz = r;
            if (samples.get(l).length != n) {
                throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "lead " + names.get(l) + " has " + samples.get(l).length
                        + " samples, lead " + names.get(0) + " has " + n);
            }
            leads.add(new Lead(names.get(l), samples.get(l), 1 / res, 0));
        }
        Instant observed = Hl7Parsing.timestamp(firstNonEmpty(t.get("/.PATIENT_RESULT/ORDER_OBSERVATION/OBR-7"),
                t.get("/.PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-14"), t.get("/MSH-7")), localZone, "OBR-7");
        PatientIdentity who = identity(t);
        Integer age = who.birthDate() == null || observed == null ? null
                : java.time.Period.between(who.birthDate(), observed.atZone(localZone).toLocalDate()).getYears();
        String recordName = controlId;
        Ecg ecg = new Ecg(recordName, rateHz, leads, observed, age, who.sex());
        return new OruEcg(ecg, controlId, nz(t.get("/MSH-3")), who, mdc ? OruShape.PCD01 : OruShape.PLAIN);
    }

    /**
     * The first ED observation that holds an ECG document (others may be a PDF report): its ECG, with the message's patient
     * and, where the document lacks them, the message's time, age and sex.
     */
    private OruEcg fromDocument(Terser t, List<String> embedded, Hl7Text text, String controlId) throws HL7Exception {
        String refusals = "";
        for (String ed : embedded) {
            String[] c = ed.split(java.util.regex.Pattern.quote(String.valueOf(text.componentSeparator())), -1);
            if (c.length < 5) {
                refusals += " an ED value without its five components;";
                continue;
            }
            byte[] bytes;
            try {
                bytes = switch (c[3].toUpperCase(java.util.Locale.ROOT)) {
                    case "BASE64" -> java.util.Base64.getMimeDecoder().decode(c[4]);
                    case "HEX" -> java.util.HexFormat.of().parseHex(c[4]);
                    default -> throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "ED encoding '" + c[3] + "' (OBX-5.4): Base64 or Hex expected");
                };
            } catch (IllegalArgumentException e) {
                throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "OBX-5.5 is not valid " + c[3] + ": " + e.getMessage(), e);
            }
            if (EcgDocuments.kind(bytes) == EcgDocuments.Kind.UNKNOWN) {
                refusals += " an ED of subtype '" + c[2] + "' that is no ECG document;";
                continue;
            }
            Ecg document;
            try {
                document = documents.read(bytes, controlId);
            } catch (EcgDocuments.Refused e) {
                throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "embedded document refused (" + e.check() + "): " + e.getMessage(), e);
            }
            Instant observed = document.acquiredAt() != null ? document.acquiredAt()
                    : Hl7Parsing.timestamp(firstNonEmpty(t.get("/.PATIENT_RESULT/ORDER_OBSERVATION/OBR-7"), t.get("/MSH-7")), localZone, "OBR-7");
            PatientIdentity who = identity(t);
            Integer age = document.ageYears() != null ? document.ageYears() : who.birthDate() == null || observed == null ? null
                    : java.time.Period.between(who.birthDate(), observed.atZone(localZone).toLocalDate()).getYears();
            Ecg ecg = new Ecg(controlId, document.samplingRateHz(), document.leads(), observed, age,
                    document.sex() != Sex.UNKNOWN ? document.sex() : who.sex(), document.deviceMedianBeat());
            return new OruEcg(ecg, controlId, nz(t.get("/MSH-3")), who, OruShape.EMBEDDED_DOCUMENT);
        }
        throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "no NA observation names an ECG lead, and no ED observation holds "
                + "a GE MUSE, Philips, HL7 aECG or DICOM document:" + refusals);
    }

    private static List<OBX> observations(ca.uhn.hl7v2.model.Message message) throws HL7Exception {
        List<OBX> out = new ArrayList<>();
        if (!(message instanceof ORU_R01 oru)) {
            throw new Hl7Rejection(Hl7Rejection.Code.UNSUPPORTED_MESSAGE_TYPE, "not an ORU^R01 structure: " + message.getName());
        }
        for (ORU_R01_PATIENT_RESULT result : oru.getPATIENT_RESULTAll()) {
            for (ORU_R01_ORDER_OBSERVATION order : result.getORDER_OBSERVATIONAll()) {
                for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
                    out.add(observation.getOBX());
                }
            }
        }
        return out;
    }

    private static String value(OBX obx) throws HL7Exception {
        var values = obx.getObx5_ObservationValue();
        return values.length == 0 ? "" : nz(values[0].encode());
    }

    static PatientIdentity identity(Terser t) throws HL7Exception {
        String mrn = nz(t.get("/.PID-3-1"));
        String authority = nz(t.get("/.PID-3-4-1"));
        if (mrn.isEmpty()) {
            throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "PID-3 (patient identifier) is empty");
        }
        String visit = nz(t.get("/.PV1-19-1"));
        return new PatientIdentity(authority.isEmpty() ? mrn : mrn + "@" + authority, visit.isEmpty() ? null : visit,
                Hl7Parsing.date(t.get("/.PID-7"), "PID-7"), Sex.parse(t.get("/.PID-8")), nz(t.get("/MSH-4")));
    }

    /** One linear pass over {@code ^}-separated integers. */
    static int[] parseSamples(String payload, char separator, String lead) {
        if (payload == null || payload.isEmpty()) {
            throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "lead " + lead + " has no samples in OBX-5");
        }
        int count = 1;
        for (int i = 0; i < payload.length(); i++) {
            if (payload.charAt(i) == separator) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        int i = 0;
        int len = payload.length();
        while (k < count) {
            boolean negative = false;
            long value = 0;
            int digits = 0;
            if (i < len && (payload.charAt(i) == '-' || payload.charAt(i) == '+')) {
                negative = payload.charAt(i) == '-';
                i++;
            }
            while (i < len && payload.charAt(i) != separator) {
                char c = payload.charAt(i);
                if (c < '0' || c > '9' || digits > 9) {
                    throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "lead " + lead + " sample " + k
                            + " is not an integer of at most 9 digits (character '" + c + "')");
                }
                value = value * 10 + (c - '0');
                digits++;
                i++;
            }
            if (digits == 0) {
                throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, "lead " + lead + " sample " + k + " is empty");
            }
            out[k++] = (int) (negative ? -value : value);
            i++; // past the separator
        }
        return out;
    }

    private static String leadName(String id, String text) {
        for (String candidate : new String[]{id, text}) {
            if (candidate.isEmpty()) {
                continue;
            }
            String upper = candidate.toUpperCase(Locale.ROOT);
            for (String prefix : new String[]{"MDC_ECG_ELEC_POTL_", "MDC_ECG_LEAD_"}) {
                if (upper.startsWith(prefix)) {
                    return LeadName.normalise(candidate.substring(prefix.length()));
                }
            }
            if (MdcLeadCodes.lead(candidate) != null) {
                return MdcLeadCodes.lead(candidate);
            }
            String normal = LeadName.normalise(candidate);
            if (LeadName.isStandard(normal)) {
                return normal;
            }
        }
        return null;
    }

    private static String attributeName(String id, String text) {
        for (String candidate : new String[]{text, id}) {
            String upper = candidate.toUpperCase(Locale.ROOT).trim();
            if (RATE_NAMES.contains(upper) || RESOLUTION_NAMES.contains(upper) || upper.equals("GAIN")) {
                return upper;
            }
        }
        return id.toUpperCase(Locale.ROOT);
    }

    private static double toHz(double v, String unit, String field) {
        String u = unit.toUpperCase(Locale.ROOT);
        double hz = u.contains("KHZ") ? v * 1000 : v; // Hz, MDC_DIM_HZ, or none
        if (!(hz > 0) || hz > 100_000) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " = " + v + " " + unit.trim() + " is not a usable sampling rate");
        }
        return hz;
    }

    private static double toMillivolts(double v, String unit, String field) {
        String u = unit.toUpperCase(Locale.ROOT);
        double mv;
        if (u.contains("MICRO") || u.contains("UV") || u.contains("µV")) {
            mv = v / 1000;
        } else if (u.contains("NANO") || u.contains("NV")) {
            mv = v / 1e6;
        } else if (u.contains("MILLI") || u.contains("MV")) {
            mv = v;
        } else if (u.isBlank()) {
            mv = v / 1000; // the MDC default for ECG resolution is microvolts
        } else {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " unit '" + unit.trim() + "' is not a voltage");
        }
        if (!(mv > 0) || Double.isInfinite(mv)) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " = " + v + " is not a usable resolution");
        }
        return mv;
    }

    private static double number(String value, String field) {
        try {
            return Double.parseDouble(nz(value).trim());
        } catch (NumberFormatException e) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " value '" + value + "' is not a number");
        }
    }

    private static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, field + " is empty");
        }
        return value;
    }

    private static String replaceField(String segment, int n, char separator) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            from = segment.indexOf(separator, from) + 1;
        }
        int end = segment.indexOf(separator, from);
        return segment.substring(0, from) + (end < 0 ? "" : segment.substring(end));
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String firstNonEmpty(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
