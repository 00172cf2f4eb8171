package org.edtriage.training.train;

import org.edtriage.training.cohort.EcgRow;
import org.edtriage.training.dataset.DatasetStore;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One imported dataset as a multi-label task (Nguyen & Do): every ECG of {@code source} with a
 * multi-hot target over {@code labels}, split by patient 70 / 15 / 15 into train, validation and test.
 */
public record MultiLabelData(String source, List<String> labels, LabelledSet train, LabelledSet validation, LabelledSet test) {

    /** Labels carried by at least {@code minCount} ECGs of the source, alphabetical. */
    public static List<String> frequentLabels(DatasetStore store, String source, int minCount) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<String>> labels = store.labels();
        for (EcgRow e : store.ecgs(source)) {
            labels.getOrDefault(e.ecgId(), Set.of()).forEach(l -> counts.merge(l, 1, Integer::sum));
        }
        List<String> out = new ArrayList<>();
        counts.forEach((label, n) -> {
            if (n >= minCount) {
                out.add(label);
            }
        });
        return out;
    }

    public static MultiLabelData of(DatasetStore store, String source, List<String> labels, long seed) {
        List<EcgRow> ecgs = store.ecgs(source);
        if (ecgs.isEmpty()) {
            throw new IllegalArgumentException("no ECGs imported from '" + source + "'");
        }
        Map<String, Set<String>> all = store.labels();
        List<String> patients = new ArrayList<>(new TreeSet<>(ecgs.stream().map(EcgRow::patientId).toList()));
        Collections.shuffle(patients, new Random(seed));
        Map<String, Integer> part = new HashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            double f = i / (double) patients.size();
            part.put(patients.get(i), f < 0.70 ? 0 : f < 0.85 ? 1 : 2);
        }
        List<List<String>> ids = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<String>> who = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<float[]>> targets = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (EcgRow e : ecgs) {
            int p = part.get(e.patientId());
            float[] t = new float[labels.size()];
            Set<String> has = all.getOrDefault(e.ecgId(), Set.of());
            for (int k = 0; k < t.length; k++) {
                t[k] = has.contains(labels.get(k)) ? 1 : 0;
            }
            ids.get(p).add(e.ecgId());
            who.get(p).add(e.patientId());
            targets.get(p).add(t);
        }
        String[] names = {"train", "validation", "test"};
        LabelledSet[] sets = new LabelledSet[3];
        for (int p = 0; p < 3; p++) {
            sets[p] = new LabelledSet(source + " " + names[p], ids.get(p), who.get(p), targets.get(p).toArray(new float[0][]));
        }
        return new MultiLabelData(source, List.copyOf(labels), sets[0], sets[1], sets[2]);
    }
}
