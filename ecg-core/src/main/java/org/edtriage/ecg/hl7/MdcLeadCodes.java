package org.edtriage.ecg.hl7;

import java.util.HashMap;
import java.util.Map;

/** IEEE 11073-10101 (MDC) codes of the 12 standard leads, both ways: the one table the HL7 reader and writer share. */
final class MdcLeadCodes {
    private static final Map<String, String> CODE_BY_LEAD = Map.ofEntries(
            Map.entry("I", "131329"), Map.entry("II", "131330"), Map.entry("III", "131389"),
            Map.entry("aVR", "131390"), Map.entry("aVL", "131391"), Map.entry("aVF", "131392"),
            Map.entry("V1", "131331"), Map.entry("V2", "131332"), Map.entry("V3", "131333"),
            Map.entry("V4", "131334"), Map.entry("V5", "131335"), Map.entry("V6", "131336"));
    private static final Map<String, String> LEAD_BY_CODE = new HashMap<>();

    static {
        CODE_BY_LEAD.forEach((lead, code) -> LEAD_BY_CODE.put(code, lead));
    }

    private MdcLeadCodes() {
    }

    /** The numeric code, or "0" for a lead without one. */
    static String code(String lead) {
        return CODE_BY_LEAD.getOrDefault(lead, "0");
    }

    /** The standard lead name, or null. */
    static String lead(String code) {
        return LEAD_BY_CODE.get(code);
    }
}
