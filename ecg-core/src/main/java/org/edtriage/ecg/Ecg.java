package org.edtriage.ecg;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resting ECG: equally long leads at one sampling rate, with what the source said about the
 * recording and the patient. Immutable.
 *
 * @param recordName the source's own name for it (WFDB record name, MSH-10), for messages and de-duplication
 * @param acquiredAt when it was recorded, if the source said
 * @param ageYears   patient age at recording, if the source said
 */
public record Ecg(String recordName, double samplingRateHz, List<Lead> leads, Instant acquiredAt,
                  Integer ageYears, Sex sex) {

    public Ecg {
        Objects.requireNonNull(recordName, "recordName");
        leads = List.copyOf(leads);
        if (!(samplingRateHz > 0)) {
            throw new IllegalArgumentException(recordName + ": sampling rate must be positive, was " + samplingRateHz);
        }
        if (leads.isEmpty()) {
            throw new IllegalArgumentException(recordName + ": an ECG needs at least one lead");
        }
        int n = leads.get(0).length();
        for (Lead lead : leads) {
            if (lead.length() != n) {
                throw new IllegalArgumentException(recordName + ": lead " + lead.name() + " has " + lead.length()
                        + " samples, lead " + leads.get(0).name() + " has " + n);
            }
        }
        sex = sex == null ? Sex.UNKNOWN : sex;
    }

    public int samplesPerLead() {
        return leads.get(0).length();
    }

    public double durationSeconds() {
        return samplesPerLead() / samplingRateHz;
    }

    public Optional<Lead> lead(String name) {
        String wanted = LeadName.normalise(name);
        return leads.stream().filter(l -> l.name().equals(wanted)).findFirst();
    }

    public List<String> leadNames() {
        return leads.stream().map(Lead::name).toList();
    }
}
