package org.edtriage.ecg.philips;

import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.vendorxml.VendorXml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import static org.edtriage.ecg.vendorxml.VendorXml.attribute;
import static org.edtriage.ecg.vendorxml.VendorXml.path;
import static org.edtriage.ecg.vendorxml.VendorXml.shown;
import static org.edtriage.ecg.vendorxml.VendorXml.text;

/**
 * {@code <waveforms><parsedwaveforms>} to leads. Its attributes (schema 1.04.01): {@code dataencoding}
 * (only Base64 is read), {@code compression} (only XLI; 1.03 writers may call it {@code compressmethod}),
 * {@code numberofleads} and {@code leadlabels} (must agree), {@code durationperchannel} in ms,
 * {@code samplespersecond} and {@code resolution} in µV per unit, and {@code signaloffset}; the last three
 * fall back to {@code dataacquisition/signalcharacteristics} when absent. The schema has the attributes
 * describe the data when a later system changed it (resampled, say), so they win over the acquisition's.
 * Decoded by {@link Xli}; III, aVR, aVL and aVF restored from their residuals ({@link LimbLeadResiduals});
 * the calibration pulse at the end cut off ({@link CalibrationTail}).
 */
final class PhilipsWaveforms {
    /** Twelve leads of 5 minutes at 1 kHz: far beyond a resting ECG, small enough to decode in memory. */
    static final long MAX_SAMPLES = 12L * 300 * 1000;

    record Read(double samplingRateHz, List<Lead> leads) {
    }

    private PhilipsWaveforms() {
    }

    static Read read(Element root, String document) {
        Element parsed = path(root, "waveforms", "parsedwaveforms");
        if (parsed == null) {
            throw new PhilipsFormatException(document, "waveforms", "no <waveforms><parsedwaveforms> (only parsed waveforms are read)");
        }
        Element signal = path(root, "dataacquisition", "signalcharacteristics");
        String encoding = attribute(parsed, "dataencoding");
        if (!"Base64".equalsIgnoreCase(encoding)) {
            throw new PhilipsFormatException(document, "encoding", "dataencoding "
                    + (encoding == null ? "not given" : "'" + shown(encoding) + "'") + "; only Base64 is read");
        }
        String compression = attribute(parsed, "compression") != null ? attribute(parsed, "compression") : attribute(parsed, "compressmethod");
        if (!"XLI".equalsIgnoreCase(compression)) {
            throw new PhilipsFormatException(document, "compression", compression == null
                    ? "uncompressed waveforms are not read; only XLI"
                    : "compression '" + shown(compression) + "' is not read; only XLI");
        }
        List<String> labels = labels(parsed, document);
        double rate = positive(parsed, "samplespersecond", signal, "samplingrate", "sample rate", 1e5, document);
        double microvoltsPerUnit = positive(parsed, "resolution", signal, "resolution", "resolution", 1e6, document);
        checkOffset(parsed, signal, document);
        int samples = samples(parsed, rate, labels.size(), document);

        byte[] data = VendorXml.base64(parsed.getTextContent(), "parsedwaveforms", PhilipsReader.refusalOf(document));
        int[][] leads = Xli.decode(data, labels, samples, document);
        LimbLeadResiduals.restore(labels, leads, document);
        double unitsPerMv = 1000 / microvoltsPerUnit;
        int length = CalibrationTail.signalLength(leads, unitsPerMv);
        List<Lead> out = new ArrayList<>();
        for (int l = 0; l < labels.size(); l++) {
            out.add(new Lead(labels.get(l), length == samples ? leads[l] : Arrays.copyOf(leads[l], length), unitsPerMv, 0));
        }
        return new Read(rate, out);
    }

    /** The normalised labels, as many as numberofleads says, none repeated. */
    private static List<String> labels(Element parsed, String document) {
        String text = attribute(parsed, "leadlabels");
        if (text == null) {
            throw new PhilipsFormatException(document, "leads", "parsedwaveforms has no leadlabels");
        }
        List<String> labels = new ArrayList<>();
        for (String label : text.split("\\s+")) {
            if (!shown(label).equals(label)) {
                throw new PhilipsFormatException(document, "leads", "lead label '" + shown(label) + "' is not a lead name");
            }
            labels.add(LeadName.normalise(label));
        }
        String count = attribute(parsed, "numberofleads");
        if (count != null && !count.equals(Integer.toString(labels.size()))) {
            throw new PhilipsFormatException(document, "leads", "numberofleads is '" + shown(count) + "', leadlabels names "
                    + labels.size() + " leads");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new PhilipsFormatException(document, "leads", "leadlabels '" + shown(text) + "' repeats a lead");
        }
        return List.copyOf(labels);
    }

    /** Samples per lead: durationperchannel ms at the rate, a whole number within {@link #MAX_SAMPLES} for all leads. */
    private static int samples(Element parsed, double rate, int leads, String document) {
        String duration = attribute(parsed, "durationperchannel");
        long ms;
        try {
            ms = duration == null ? -1 : Long.parseLong(duration);
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms <= 0) {
            throw new PhilipsFormatException(document, "sample count", "durationperchannel "
                    + (duration == null ? "not given" : "'" + shown(duration) + "'") + " is not a positive number of milliseconds");
        }
        double n = ms * rate / 1000;
        if (n != Math.rint(n) || n * leads > MAX_SAMPLES) {
            throw new PhilipsFormatException(document, "sample count", ms + " ms at " + rate + " Hz is " + n
                    + " samples per lead: not a whole number, or beyond " + MAX_SAMPLES + " for " + leads + " leads");
        }
        return (int) n;
    }

    /** The attribute, else the signalcharacteristics element: positive and at most {@code max}. */
    private static double positive(Element parsed, String attribute, Element signal, String element, String check,
                                   double max, String document) {
        Double value = attribute(parsed, attribute) != null
                ? number(attribute(parsed, attribute), "parsedwaveforms@" + attribute, check, max, document)
                : number(text(signal, element), "signalcharacteristics/" + element, check, max, document);
        if (value == null) {
            throw new PhilipsFormatException(document, check, "neither parsedwaveforms@" + attribute
                    + " nor signalcharacteristics/" + element + " is given");
        }
        return value;
    }

    private static Double number(String text, String where, String check, double max, String document) {
        if (text == null) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0 && value <= max)) {
            throw new PhilipsFormatException(document, check, where + " is '" + shown(text) + "', not a positive number up to "
                    + String.format(Locale.ROOT, "%.0f", max));
        }
        return value;
    }

    /**
     * A non-zero offset is refused: the schema says to subtract it from every sample, but whether that comes
     * before or after the residual leads are restored is not known from any file we have.
     */
    private static void checkOffset(Element parsed, Element signal, String document) {
        String offset = attribute(parsed, "signaloffset") != null ? attribute(parsed, "signaloffset") : text(signal, "signaloffset");
        if (offset != null && !offset.matches("[+-]?0+")) {
            throw new PhilipsFormatException(document, "offset", "signaloffset '" + shown(offset)
                    + "' is not read; only 0 (the offset of the export we have)");
        }
    }
}
