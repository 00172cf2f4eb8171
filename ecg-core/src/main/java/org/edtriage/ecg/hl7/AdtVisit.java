package org.edtriage.ecg.hl7;

import java.time.Instant;

/**
 * An ED registration (ADT A04/A01) as the hospital sent it; ingest pseudonymises the identifiers.
 *
 * @param chestPain whether the chief complaint is chest pain by {@link ChiefComplaints}
 */
public record AdtVisit(String controlId, PatientIdentity patient, Instant arrival, String complaintCode,
                       String complaintText, boolean chestPain, Integer ageYears) {
}
