package org.edtriage.training.cohort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Nested training subsets for the size sweeps (Nyström et al. Fig. 5): patients are shuffled once, and the
 * subset for fraction f is everything of the first ⌈f × patients⌉ of them — so each subset is a strict
 * subset of the next, chosen at the patient level.
 */
public final class NestedSubsets {
    /** Target sweep: 10 %, 20 %, … 100 %. */
    public static final List<Double> TARGET_FRACTIONS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    /** Source sweep: 2, 4, 6, 8, 10, 20, … 100 %. */
    public static final List<Double> SOURCE_FRACTIONS = List.of(0.02, 0.04, 0.06, 0.08, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8,
            0.9, 1.0);

    private NestedSubsets() {
    }

    /** Fraction → the items of that share of patients, in the items' own order. */
    public static <T> Map<Double, List<T>> of(List<T> items, Function<T, String> patientOf, List<Double> fractions, long seed) {
        Set<String> sorted = new TreeSet<>();
        items.forEach(i -> sorted.add(patientOf.apply(i)));
        List<String> patients = new ArrayList<>(sorted);
        Collections.shuffle(patients, new Random(seed));
        Map<String, Integer> rank = new java.util.HashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            rank.put(patients.get(i), i);
        }
        Map<Double, List<T>> subsets = new LinkedHashMap<>();
        for (double f : fractions) {
            int take = (int) Math.ceil(f * patients.size() - 1e-9);
            List<T> subset = new ArrayList<>();
            for (T item : items) {
                if (rank.get(patientOf.apply(item)) < take) {
                    subset.add(item);
                }
            }
            subsets.put(f, subset);
        }
        return subsets;
    }
}
