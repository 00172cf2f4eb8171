package org.edtriage.deploy.feed;

import java.time.Instant;
import java.util.Iterator;

/** Where a feed's ECGs come from: WFDB records with the patient (and visit) they belong to. */
public interface EcgSource extends Iterator<EcgSource.Record> {

    /**
     * @param registration the ED registration to send (once per visit) before the ECG, so the scoring stream can
     *                     join it; null when the ECG belongs to no visit
     */
    record Record(String name, byte[] header, byte[] data, String patientId, String visitId, Registration registration) {
    }

    /** An ED arrival as an ADT^A04 carries it. */
    record Registration(Instant arrival, String hospitalId, String complaintCode, String complaintText, org.edtriage.ecg.Sex sex) {
    }

    /** For people: what this source sends. */
    String describe();
}
