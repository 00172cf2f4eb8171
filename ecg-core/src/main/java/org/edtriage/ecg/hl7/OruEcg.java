package org.edtriage.ecg.hl7;

import org.edtriage.ecg.Ecg;

/** An ECG read from an ORU^R01 message, with the message's identifiers. */
public record OruEcg(Ecg ecg, String controlId, String sendingApplication, PatientIdentity patient, OruShape shape) {
}
