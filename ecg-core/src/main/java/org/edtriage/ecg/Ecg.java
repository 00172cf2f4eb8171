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
 * @param deviceMedianBeat null, or the recording device's own median (representative) beat per lead, as the file
 *                   stored it — one beat's samples at its own rate, same record name with {@code " median"} appended.
 *                   Metadata for people and audits: the models compute their own median beat from the rhythm
 *                   ({@code signal.MedianBeat}), the same way for every source, and events do not carry it.
 */
public record Ecg(String recordName, double samplingRateHz, List<Lead> leads, Instant acquiredAt,
                  Integer ageYears, Sex sex, Ecg deviceMedianBeat) {

    /** An ECG whose source stored no median beat of its own. */
    public Ecg(String recordName, double samplingRateHz, List<Lead> leads, Instant acquiredAt, Integer ageYears, Sex sex) {
        this(recordName, samplingRateHz, leads, acquiredAt, ageYears, sex, null);
    }

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
        if (deviceMedianBeat != null && deviceMedianBeat.deviceMedianBeat() != null) {
            throw new IllegalArgumentException(recordName + ": a median beat has no median beat of its own");
        }
    }

    /** The same ECG with the device's median beat beside it. */
    public Ecg withDeviceMedianBeat(Ecg beat) {
        return new Ecg(recordName, samplingRateHz, leads, acquiredAt, ageYears, sex, beat);
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

    /**
     * The same ECG with the limb leads a source left out (carts often send 8: I, II, V1–V6) derived
     * from I and II: III = II − I, aVR = −(I + II)/2, aVL = I − II/2, aVF = II − I/2, at lead I's gain.
     * Unchanged when they are all present or I or II is missing. The device's median beat gets the same.
     */
    public Ecg withDerivedLimbLeads() {
        Optional<Lead> i = lead("I");
        Optional<Lead> ii = lead("II");
        Ecg beat = deviceMedianBeat == null ? null : deviceMedianBeat.withDerivedLimbLeads();
        if (i.isEmpty() || ii.isEmpty()) {
            return beat == deviceMedianBeat ? this : withDeviceMedianBeat(beat);
        }
        List<Lead> all = new java.util.ArrayList<>(leads);
        double gain = i.get().gainPerMv();
        for (String name : List.of("III", "aVR", "aVL", "aVF")) {
            if (lead(name).isPresent()) {
                continue;
            }
            int[] x = new int[samplesPerLead()];
            for (int t = 0; t < x.length; t++) {
                double a = i.get().millivolts(t), b = ii.get().millivolts(t);
                double mv = switch (name) {
                    case "III" -> b - a;
                    case "aVR" -> -(a + b) / 2;
                    case "aVL" -> a - b / 2;
                    default -> b - a / 2;
                };
                x[t] = (int) Math.round(mv * gain);
            }
            all.add(new Lead(name, x, gain, 0));
        }
        return new Ecg(recordName, samplingRateHz, all, acquiredAt, ageYears, sex, beat);
    }

    public List<String> leadNames() {
        return leads.stream().map(Lead::name).toList();
    }
}
