package org.edtriage.ecg.hl7;

/** The ORU^R01 waveform layouts we accept (documented with examples in the ingest-service README). */
public enum OruShape {
    /** IHE PCD-01 style: one NA observation per lead coded MDC_ECG_ELEC_POTL_*, rate and resolution as MDC_ATTR_* observations. */
    PCD01,
    /** Plain style: one NA observation per lead named I, II, …, V6 in OBX-3, rate and resolution as plain-named observations. */
    PLAIN,
    /**
     * An ECG management system's export carried whole in one OBX of type ED (base64 or hex): a GE MUSE, Philips or HL7 aECG
     * document, read by {@link org.edtriage.ecg.documents.EcgDocuments}. Written by {@link OruWriter#writeDocument}.
     */
    EMBEDDED_DOCUMENT;

    /** The shapes that carry the samples themselves, which {@link OruWriter#write} writes from an {@code Ecg}. */
    public static java.util.List<OruShape> waveformLayouts() {
        return java.util.List.of(PCD01, PLAIN);
    }
}
