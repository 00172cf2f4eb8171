package org.edtriage.deploy.feed;

import java.util.Iterator;

/** Where a feed's ECGs come from: WFDB records with the patient (and visit) they belong to. */
public interface EcgSource extends Iterator<EcgSource.Record> {

    record Record(String name, byte[] header, byte[] data, String patientId, String visitId) {
    }

    /** For people: what this source sends. */
    String describe();
}
