package org.edtriage.ecg.hl7;

import java.time.Instant;
import java.util.List;

/**
 * The diagnoses of a visit (ADT A03/A08 with DG1), and whether they make it an AMI within 30 days.
 *
 * @param amiTime when the earliest I21.* diagnosis was made, null when there is none
 */
public record AdtOutcome(String controlId, PatientIdentity patient, Instant arrival, List<String> icd10Codes,
                         boolean amiWithin30Days, Instant amiTime, Instant messageTime) {
}
