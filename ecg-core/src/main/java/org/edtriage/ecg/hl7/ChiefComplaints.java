package org.edtriage.ecg.hl7;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which chief complaints put a visit in the chest-pain cohort: ICD-10 R07.x (pain in throat and
 * chest, minus R07.0 throat), SNOMED CT 29857009 (chest pain) and its common children, and free
 * text naming chest pain in English or Swedish (the seeds' cohort). Configurable per hospital later;
 * the default is deliberately inclusive, as missing a chest-pain visit is worse than scoring one more.
 */
public final class ChiefComplaints {
    private static final Set<String> SNOMED = Set.of("29857009", "274668005", "71884009", "279084009", "3368006");
    private static final List<String> TEXT = List.of("chest pain", "chest tightness", "chest pressure", "thoracic pain",
            "bröstsmärta", "brostsmarta", "angina");

    private ChiefComplaints() {
    }

    public static boolean isChestPain(String code, String text) {
        String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        if ((c.startsWith("R07") && !c.startsWith("R07.0") && !c.equals("R070")) || SNOMED.contains(c) || c.equals("CP")) {
            return true;
        }
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return TEXT.stream().anyMatch(t::contains);
    }
}
