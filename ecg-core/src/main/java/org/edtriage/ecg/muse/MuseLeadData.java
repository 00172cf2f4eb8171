package org.edtriage.ecg.muse;

import org.edtriage.ecg.Lead;
import org.edtriage.ecg.vendorxml.VendorXml;
import org.w3c.dom.Element;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

import static org.edtriage.ecg.vendorxml.VendorXml.shown;
import static org.edtriage.ecg.vendorxml.VendorXml.text;

/**
 * One {@code <LeadData>} of a MUSE waveform to a {@link Lead}: {@code <WaveFormData>} is base64 (line
 * breaks allowed) of little-endian signed 16-bit samples; {@code <LeadDataCRC32>} is the CRC-32 of the
 * decoded bytes (checked against GE's own exports: not of the base64 text); {@code
 * <LeadAmplitudeUnitsPerBit>} in {@code <LeadAmplitudeUnits>} is the size of one unit. The samples stay
 * the stored integers; the gain carries the scale.
 *
 * <p>What is checked when the document states it: the CRC, {@code <LeadSampleCountTotal>}, {@code
 * <LeadByteCountTotal>} and {@code <LeadSampleSize>} (2 bytes). What is required: the lead's name, its
 * data, and amplitude units we know.
 */
final class MuseLeadData {
    /** Millivolts per amplitude unit. */
    private static final Map<String, Double> MILLIVOLTS_PER_UNIT = Map.of(
            "MICROVOLTS", 1e-3, "MILLIVOLTS", 1.0, "NANOVOLTS", 1e-6);

    private MuseLeadData() {
    }

    static Lead read(Element leadData, String document) {
        String id = text(leadData, "LeadID");
        if (id == null) {
            throw new MuseFormatException(document, "lead", "a rhythm <LeadData> has no <LeadID>");
        }
        if (!shown(id).equals(id)) {
            throw new MuseFormatException(document, "lead", "<LeadID> '" + shown(id) + "' is not a lead name");
        }
        String base64 = text(leadData, "WaveFormData");
        if (base64 == null) {
            throw new MuseFormatException(document, "lead data", "lead " + id + " has no <WaveFormData>");
        }
        byte[] bytes = VendorXml.base64(base64, "lead " + id, MuseXml.refusal(document));
        if (bytes.length == 0) {
            throw new MuseFormatException(document, "lead data", "lead " + id + " has no samples");
        }
        checkSizes(leadData, bytes.length, id, document);
        checkCrc(leadData, bytes, id, document);
        double gainPerMv = gainPerMv(leadData, id, document);
        ShortBuffer shorts = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        int[] samples = new int[shorts.remaining()];
        for (int t = 0; t < samples.length; t++) {
            samples[t] = shorts.get(t);
        }
        return new Lead(id, samples, gainPerMv, 0);
    }

    private static void checkSizes(Element leadData, int byteCount, String id, String document) {
        Long sampleSize = number(leadData, "LeadSampleSize", "sample size", id, document);
        if (sampleSize != null && sampleSize != 2) {
            throw new MuseFormatException(document, "sample size", "lead " + id + " has " + sampleSize
                    + "-byte samples; MUSE waveforms are 16-bit");
        }
        if (byteCount % 2 != 0) {
            throw new MuseFormatException(document, "sample count", "lead " + id + " decodes to " + byteCount
                    + " bytes, not a whole number of 16-bit samples");
        }
        Long bytesTotal = number(leadData, "LeadByteCountTotal", "byte count", id, document);
        if (bytesTotal != null && bytesTotal != byteCount) {
            throw new MuseFormatException(document, "byte count", "lead " + id + " declares " + bytesTotal
                    + " bytes, its data holds " + byteCount);
        }
        Long samplesTotal = number(leadData, "LeadSampleCountTotal", "sample count", id, document);
        if (samplesTotal != null && samplesTotal != byteCount / 2) {
            throw new MuseFormatException(document, "sample count", "lead " + id + " declares " + samplesTotal
                    + " samples, its data holds " + byteCount / 2);
        }
    }

    private static void checkCrc(Element leadData, byte[] bytes, String id, String document) {
        Long declared = number(leadData, "LeadDataCRC32", "crc32", id, document);
        if (declared == null) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != declared) {
            throw new MuseFormatException(document, "crc32", "lead " + id + ": <LeadDataCRC32> is " + declared
                    + ", the CRC-32 of its decoded samples is " + crc.getValue());
        }
    }

    private static double gainPerMv(Element leadData, String id, String document) {
        String units = text(leadData, "LeadAmplitudeUnits");
        Double mvPerUnit = units == null ? null : MILLIVOLTS_PER_UNIT.get(units.toUpperCase(Locale.ROOT));
        if (mvPerUnit == null) {
            throw new MuseFormatException(document, "units", "lead " + id + ": amplitude units "
                    + (units == null ? "not given" : "'" + shown(units) + "' unknown") + " (expected MICROVOLTS)");
        }
        String perBit = text(leadData, "LeadAmplitudeUnitsPerBit");
        double size;
        try {
            size = perBit == null ? Double.NaN : Double.parseDouble(perBit);
        } catch (NumberFormatException e) {
            size = Double.NaN;
        }
        double gain = 1 / (size * mvPerUnit);
        if (!(size > 0) || !(gain > 0) || Double.isInfinite(gain)) {
            throw new MuseFormatException(document, "units", "lead " + id + ": <LeadAmplitudeUnitsPerBit> is "
                    + (perBit == null ? "missing" : "'" + shown(perBit) + "'") + ", not a positive number");
        }
        return gain;
    }

    /** The child's whole number, null when absent, refused under {@code check} when not a number. */
    private static Long number(Element parent, String element, String check, String id, String document) {
        String t = text(parent, element);
        if (t == null) {
            return null;
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new MuseFormatException(document, check, "lead " + id + ": <" + element + "> is '" + shown(t) + "', not a whole number");
        }
    }
}
