package org.edtriage.training.cohort;

import org.edtriage.training.dataset.DatasetStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a labelled research dataset (e.g. PTB-XL) into the ED cohort shape the splitter takes, so the
 * papers' protocol runs unchanged on it: each ECG becomes a visit at its recording time; the target
 * group is every patient with a {@code positiveLabel} ECG plus randomly drawn other patients up to
 * {@code targetShare} of all patients; the outcome of a target visit is whether its ECG carries the
 * label. Everyone else — by construction without the label — is the pre-training source. The temporal
 * test then comes from the recording dates.
 */
public final class ResearchCohort {
    private ResearchCohort() {
    }

    /** What the splitter needs. */
    public record Input(List<EdVisitRow> visits, List<EcgRow> ecgs, Map<String, Boolean> outcomes) {
    }

    public static Input of(DatasetStore store, String source, String positiveLabel, double targetShare, long seed) {
        List<EcgRow> ecgs = mergeDuplicatePatients(store.ecgs(source));
        Map<String, Set<String>> labels = store.labels();
        Set<String> positivePatients = new TreeSet<>();
        Set<String> allPatients = new TreeSet<>();
        for (EcgRow e : ecgs) {
            allPatients.add(e.patientId());
            if (labels.getOrDefault(e.ecgId(), Set.of()).contains(positiveLabel)) {
                positivePatients.add(e.patientId());
            }
        }
        List<String> others = new ArrayList<>(allPatients);
        others.removeAll(positivePatients);
        Collections.shuffle(others, new Random(seed));
        Set<String> target = new LinkedHashSet<>(positivePatients);
        int wanted = (int) Math.round(targetShare * allPatients.size());
        for (String p : others) {
            if (target.size() >= wanted) {
                break;
            }
            target.add(p);
        }
        List<EdVisitRow> visits = new ArrayList<>();
        Map<String, Boolean> outcomes = new HashMap<>();
        for (EcgRow e : ecgs) {
            String visitId = "visit-" + e.ecgId();
            boolean inTarget = target.contains(e.patientId());
            visits.add(new EdVisitRow(visitId, e.patientId(), e.acquiredAt(), inTarget, e.ageYears(), e.sex()));
            if (inTarget) {
                outcomes.put(visitId, labels.getOrDefault(e.ecgId(), Set.of()).contains(positiveLabel));
            }
        }
        return new Input(visits, ecgs, outcomes);
    }

    /**
     * Byte-identical signals filed under two patient ids (PTB-XL has such pairs) are one recording, so
     * the two ids are one patient for splitting: every such group takes its first id. Otherwise the
     * leakage check would — rightly — refuse the split.
     */
    static List<EcgRow> mergeDuplicatePatients(List<EcgRow> ecgs) {
        Map<String, String> parent = new HashMap<>();
        Map<String, String> patientOfSignal = new HashMap<>();
        for (EcgRow e : ecgs) {
            parent.putIfAbsent(e.patientId(), e.patientId());
            String other = patientOfSignal.putIfAbsent(e.signalSha256(), e.patientId());
            if (other != null) {
                String a = root(parent, other);
                String b = root(parent, e.patientId());
                if (!a.equals(b)) {
                    parent.put(b, a);
                }
            }
        }
        List<EcgRow> out = new ArrayList<>(ecgs.size());
        for (EcgRow e : ecgs) {
            String p = root(parent, e.patientId());
            out.add(p.equals(e.patientId()) ? e : new EcgRow(e.ecgId(), p, e.acquiredAt(), e.ageYears(), e.sex(), e.signalSha256()));
        }
        return out;
    }

    private static String root(Map<String, String> parent, String p) {
        while (!parent.get(p).equals(p)) {
            p = parent.get(p);
        }
        return p;
    }
}
