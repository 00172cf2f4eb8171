package org.edtriage.ecg.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.util.Terser;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ADT messages to visits and outcomes: A04/A01 (registration/admission) become an {@link AdtVisit};
 * A03/A08 (discharge/update) carrying DG1 segments become an {@link AdtOutcome}, with AMI = an
 * ICD-10 I21.* diagnosis within 30 days of arrival (the seeds' label).
 *
 * <p>Arrival is PV1-44 (admit date/time), else EVN-2, else MSH-7. The chief complaint is PV2-3
 * (admit reason), else PV2-12 (visit description). A diagnosis time is DG1-5, else the message time.
 */
public final class AdtMapper {
    public static final Duration AMI_WINDOW = Duration.ofDays(30);
    private final ZoneId localZone;

    public AdtMapper(ZoneId localZone) {
        this.localZone = localZone;
    }

    /** The ADT trigger event (A01, A03, …) of a message, or a rejection for anything that is not ADT. */
    public static String event(Hl7Text text) {
        String type = text.messageType();
        if (!text.component(type, 1).equals("ADT")) {
            throw new Hl7Rejection(Hl7Rejection.Code.UNSUPPORTED_MESSAGE_TYPE, "expected an ADT message, got " + type);
        }
        return text.component(type, 2);
    }

    public AdtVisit visit(String message) {
        String event = event(Hl7Text.of(message));
        if (!event.equals("A04") && !event.equals("A01")) {
            throw new Hl7Rejection(Hl7Rejection.Code.UNSUPPORTED_EVENT_CODE, "ADT^" + event + " is not a registration (A04/A01)");
        }
        Terser t = new Terser(Hl7Parsing.parse(message));
        try {
            PatientIdentity who = OruMapper.identity(t);
            if (who.visitNumber() == null) {
                throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "PV1-19 (visit number) is empty");
            }
            Instant arrival = arrival(t);
            String code = OruMapper.nz(t.get("/.PV2-3-1"));
            String text = OruMapper.nz(t.get("/.PV2-3-2"));
            if (code.isEmpty() && text.isEmpty()) {
                text = OruMapper.nz(t.get("/.PV2-12"));
            }
            Integer age = who.birthDate() == null ? null : Period.between(who.birthDate(), arrival.atZone(localZone).toLocalDate()).getYears();
            return new AdtVisit(t.get("/MSH-10"), who, arrival, code.isEmpty() ? null : code, text.isEmpty() ? null : text,
                    ChiefComplaints.isChestPain(code, text), age);
        } catch (HL7Exception e) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "unexpected ADT structure: " + e.getMessage(), e);
        }
    }

    public AdtOutcome outcome(String message) {
        String event = event(Hl7Text.of(message));
        if (!event.equals("A03") && !event.equals("A08")) {
            throw new Hl7Rejection(Hl7Rejection.Code.UNSUPPORTED_EVENT_CODE, "ADT^" + event + " carries no outcome (A03/A08)");
        }
        Message parsed = Hl7Parsing.parse(message);
        Terser t = new Terser(parsed);
        try {
            PatientIdentity who = OruMapper.identity(t);
            if (who.visitNumber() == null) {
                throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "PV1-19 (visit number) is empty");
            }
            Instant arrival = arrival(t);
            Instant messageTime = Hl7Parsing.timestamp(t.get("/MSH-7"), localZone, "MSH-7");
            Structure[] dg1 = parsed.getAll("DG1");
            if (dg1.length == 0) {
                throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "ADT^" + event + " has no DG1 segment: no outcome to record");
            }
            List<String> codes = new ArrayList<>();
            Instant amiTime = null;
            for (int i = 0; i < dg1.length; i++) {
                String code = OruMapper.nz(t.get("/DG1(" + i + ")-3-1")).trim().toUpperCase(Locale.ROOT);
                if (code.isEmpty()) {
                    continue;
                }
                codes.add(code);
                Instant when = Hl7Parsing.timestamp(t.get("/DG1(" + i + ")-5"), localZone, "DG1-5");
                when = when != null ? when : messageTime;
                if (code.startsWith("I21") && within30Days(arrival, when) && (amiTime == null || when.isBefore(amiTime))) {
                    amiTime = when;
                }
            }
            return new AdtOutcome(t.get("/MSH-10"), who, arrival, List.copyOf(codes), amiTime != null, amiTime, messageTime);
        } catch (HL7Exception e) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "unexpected ADT structure: " + e.getMessage(), e);
        }
    }

    private static boolean within30Days(Instant arrival, Instant diagnosed) {
        if (diagnosed == null) {
            return true; // no time at all: diagnosed during this visit
        }
        Duration d = Duration.between(arrival, diagnosed);
        return !d.isNegative() && d.compareTo(AMI_WINDOW) <= 0;
    }

    private Instant arrival(Terser t) throws HL7Exception {
        for (String path : new String[]{"/.PV1-44", "/.EVN-2", "/MSH-7"}) {
            Instant v = Hl7Parsing.timestamp(t.get(path), localZone, path.replace("/.", "").replace("/", ""));
            if (v != null) {
                return v;
            }
        }
        throw new Hl7Rejection(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, "no arrival time: PV1-44, EVN-2 and MSH-7 are empty");
    }
}
