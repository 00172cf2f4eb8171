package org.edtriage.training.dataset;

import org.edtriage.schemas.events.EcgRecorded;

import java.util.HashSet;
import java.util.Set;

/**
 * The walking skeleton's dataset store: what it would store, counted, idempotent by ecgId so a
 * redelivered record is not counted twice. The real store (memory-mapped signal shards + embedded
 * SQL metadata) replaces it in issue 6.
 */
public final class DatasetCounter {
    private final Set<String> ecgIds = new HashSet<>();
    private final Set<String> patients = new HashSet<>();
    private long duplicates;
    private long samples;

    public synchronized boolean store(EcgRecorded ecg) {
        if (!ecgIds.add(ecg.getEcgId())) {
            duplicates++;
            return false;
        }
        patients.add(ecg.getPatientId());
        samples += (long) ecg.getSamplesPerLead() * ecg.getLeads().size();
        return true;
    }

    public synchronized Stats stats() {
        return new Stats(ecgIds.size(), patients.size(), duplicates, samples);
    }

    public record Stats(long ecgsStored, long patients, long duplicatesIgnored, long samplesStored) {
    }
}
