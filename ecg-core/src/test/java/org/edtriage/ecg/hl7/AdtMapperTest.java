package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Sex;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdtMapperTest {
    private final AdtMapper mapper = new AdtMapper(ZoneId.of("Europe/Stockholm"));

    static String registration(String event, String complaint) {
        return "MSH|^~\\&|ADT|HOSP|TRIAGE|ED|20261122083000||ADT^" + event + "^ADT_A01|ADT-1|P|2.5.1\r"
                + "EVN|" + event + "|20261122083000\r"
                + "PID|1||12345^^^HOSP^MR||Doe^Jane||19610315|F\r"
                + "PV1|1|E|ED^^^HOSP||||||||||||||||V-678|||||||||||||||||||||||||20261122082500\r"
                + "PV2|||" + complaint + "\r";
    }

    static String discharge(String event, String dg1) {
        return "MSH|^~\\&|ADT|HOSP|TRIAGE|ED|20261124120000||ADT^" + event + "^ADT_A03|ADT-2|P|2.5.1\r"
                + "EVN|" + event + "|20261124120000\r"
                + "PID|1||12345^^^HOSP^MR||Doe^Jane||19610315|F\r"
                + "PV1|1|E|ED^^^HOSP||||||||||||||||V-678|||||||||||||||||||||||||20261122082500\r"
                + dg1;
    }

    @Test
    void aRegistrationWithAChestPainComplaintIsAChestPainVisit() {
        AdtVisit visit = mapper.visit(registration("A04", "R07.4^Chest pain, unspecified^I10"));
        assertEquals("12345@HOSP", visit.patient().mrn());
        assertEquals("V-678", visit.patient().visitNumber());
        assertEquals(Sex.FEMALE, visit.patient().sex());
        assertEquals(Instant.parse("2026-11-22T07:25:00Z"), visit.arrival(), "PV1-44 read in the hospital's zone");
        assertEquals("R07.4", visit.complaintCode());
        assertTrue(visit.chestPain());
        assertEquals(65, visit.ageYears());
        assertFalse(mapper.visit(registration("A01", "S52.5^Fracture of radius^I10")).chestPain());
        assertTrue(mapper.visit(registration("A04", "^Bröstsmärta sedan 2 timmar")).chestPain());
    }

    @Test
    void anI21DiagnosisWithin30DaysOfArrivalIsAnAmi() {
        AdtOutcome ami = mapper.outcome(discharge("A03",
                "DG1|1||I10^Essential hypertension^I10||20261122090000\rDG1|2||I21.4^NSTEMI^I10||20261122110000\r"));
        assertEquals(List.of("I10", "I21.4"), ami.icd10Codes());
        assertTrue(ami.amiWithin30Days());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), ami.amiTime());

        AdtOutcome late = mapper.outcome(discharge("A08", "DG1|1||I21.0^STEMI^I10||20270101110000\r"));
        assertFalse(late.amiWithin30Days(), "more than 30 days after arrival");
        assertNull(late.amiTime());

        AdtOutcome none = mapper.outcome(discharge("A03", "DG1|1||R07.4^Chest pain^I10||20261122110000\r"));
        assertFalse(none.amiWithin30Days());
    }

    @Test
    void messagesThatCarryNoVisitOrOutcomeAreRefused() {
        Hl7Rejection noDg1 = assertThrows(Hl7Rejection.class, () -> mapper.outcome(discharge("A03", "")));
        assertEquals(Hl7Rejection.Code.REQUIRED_FIELD_MISSING, noDg1.code());
        Hl7Rejection a02 = assertThrows(Hl7Rejection.class, () -> mapper.visit(registration("A02", "")));
        assertEquals("AR", a02.ackCode());
    }
}
