package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Sex;

import java.time.LocalDate;

/**
 * Who and where a message is about, exactly as the hospital sent it. These identifiers must not
 * leave the ingest service: it pseudonymises them before anything is produced.
 *
 * @param mrn            PID-3.1 (with its assigning authority PID-3.4 when given, e.g. {@code 12345@HOSP})
 * @param visitNumber    PV1-19.1, or null
 * @param facility       MSH-4 sending facility
 */
public record PatientIdentity(String mrn, String visitNumber, LocalDate birthDate, Sex sex, String facility) {
}
