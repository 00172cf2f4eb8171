package org.edtriage.deploy.feed;

import java.time.Instant;
import java.util.Iterator;

/** Where a feed's ECGs come from: WFDB records with the patient (and visit) they belong to. */
public interface EcgSource extends Iterator<EcgSource.Record> {

    /**
     * @param registration the ED registration to send (once per visit) before the ECG, so the scoring stream can
     *                     join it; null when the ECG belongs to no visit
     * @param ami          what the visit turned out to be, when the source knows (a simulator's ground truth; null otherwise)
     * @param discharges   visit outcomes that became known by now, sent (ADT^A03 with DG1) after this ECG
     */
    record Record(String name, byte[] header, byte[] data, String patientId, String visitId, Registration registration, Boolean ami,
                  java.util.List<Discharge> discharges) {
        public Record(String name, byte[] header, byte[] data, String patientId, String visitId, Registration registration) {
            this(name, header, data, patientId, visitId, registration, null, java.util.List.of());
        }
    }

    /** A visit's outcome as an ADT^A03 discharge carries it (what continuous training learns from). */
    record Discharge(String patientId, String visitId, String hospitalId, org.edtriage.ecg.Sex sex, Instant arrival, Instant at,
                     java.util.List<String> icd10Codes, Instant diagnosedAt) {
    }

    /** An ED arrival as an ADT^A04 carries it. */
    record Registration(Instant arrival, String hospitalId, String complaintCode, String complaintText, org.edtriage.ecg.Sex sex) {
    }

    /** For people: what this source sends. */
    String describe();
}
