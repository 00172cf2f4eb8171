package org.edtriage.ecg.aecg;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.vendorxml.VendorXml;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.Sex;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the rhythm waveforms of an HL7 v3 Annotated ECG ({@code AnnotatedECG}) into an {@link Ecg}:
 * the series coded RHYTHM (not the derived representative beat), its sequence set's time sequence
 * ({@code GLIST_TS} head + increment, or {@code GLIST_PQ}) and one {@code SLIST_PQ} per lead
 * (physical = origin + scale × digit). Digits stay the ADC values; gain and baseline come from scale
 * and origin, so nothing is rounded. The XML parser refuses DTDs and external entities.
 */
public final class AecgReader {
    private static final String HL7 = "urn:hl7-org:v3";
    private static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

    private AecgReader() {
    }

    public static Ecg read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    public static Ecg read(InputStream in, String name) throws IOException {
        Document doc = parse(in);
        Element root = doc.getDocumentElement();
        if (!"AnnotatedECG".equals(root.getLocalName()) || !HL7.equals(root.getNamespaceURI())) {
            throw new AecgFormatException(name + ": root element is " + root.getNodeName() + ", not urn:hl7-org:v3 AnnotatedECG");
        }
        Element series = rhythmSeries(root, name);
        Element sequenceSet = first(series, "sequenceSet");
        if (sequenceSet == null) {
            throw new AecgFormatException(name + ": the rhythm series has no sequenceSet");
        }
        double rateHz = Double.NaN;
        Instant start = null;
        List<Lead> leads = new ArrayList<>();
        for (Element sequence : descendants(sequenceSet, "sequence")) {
            Element code = child(sequence, "code");
            Element value = child(sequence, "value");
            if (code == null || value == null) {
                continue;
            }
            String type = value.getAttributeNS(XSI, "type");
            String codeValue = code.getAttribute("code");
            if (type.equals("GLIST_TS") || type.equals("GLIST_PQ")) {
                Element increment = child(value, "increment");
                if (increment == null) {
                    throw new AecgFormatException(name + ": time sequence " + codeValue + " has no increment");
                }
                double seconds = toSeconds(name, number(name, increment, "value"), increment.getAttribute("unit"));
                rateHz = 1 / seconds;
                Element head = child(value, "head");
                if (type.equals("GLIST_TS") && head != null) {
                    start = timestamp(head.getAttribute("value"));
                }
            } else if (type.equals("SLIST_PQ")) {
                leads.add(lead(name, codeValue, value));
            } else if (codeValue.startsWith("MDC_ECG_LEAD")) {
                throw new AecgFormatException(name + ": lead " + codeValue + " is of type " + type + "; only SLIST_PQ is supported");
            }
        }
        if (leads.isEmpty()) {
            throw new AecgFormatException(name + ": the rhythm series holds no SLIST_PQ lead");
        }
        if (Double.isNaN(rateHz) || !(rateHz > 0)) {
            throw new AecgFormatException(name + ": the rhythm series has no usable time sequence (GLIST_TS/GLIST_PQ increment)");
        }
        if (start == null) {
            start = effectiveTime(root);
        }
        return new Ecg(name, round(rateHz), leads, start, age(root, start), sex(root));
    }

    private static Lead lead(String name, String code, Element value) {
        Element origin = child(value, "origin");
        Element scale = child(value, "scale");
        Element digits = child(value, "digits");
        if (scale == null || digits == null) {
            throw new AecgFormatException(name + ": lead " + code + " lacks scale or digits");
        }
        double scaleMv = toMillivolts(name, number(name, scale, "value"), scale.getAttribute("unit"));
        double originMv = origin == null ? 0 : toMillivolts(name, number(name, origin, "value"), origin.getAttribute("unit"));
        if (!(scaleMv > 0)) {
            throw new AecgFormatException(name + ": lead " + code + " has scale " + scale.getAttribute("value"));
        }
        String[] tokens = digits.getTextContent().trim().split("\\s+");
        int[] samples = new int[tokens.length];
        try {
            for (int i = 0; i < tokens.length; i++) {
                samples[i] = Integer.parseInt(tokens[i]);
            }
        } catch (NumberFormatException e) {
            throw new AecgFormatException(name + ": lead " + code + " has a digit that is not an integer: " + e.getMessage());
        }
        // physical = origin + scale × digit  ⇔  (digit − baseline) / gain with gain = 1/scale, baseline = −origin/scale
        int baseline = (int) Math.round(-originMv / scaleMv);
        String leadName = code.startsWith("MDC_ECG_LEAD_") ? code.substring("MDC_ECG_LEAD_".length()) : code;
        return new Lead(leadName, samples, 1 / scaleMv, baseline);
    }

    private static Element rhythmSeries(Element root, String name) {
        for (Element component : children(root, "component")) {
            Element series = child(component, "series");
            if (series != null) {
                Element code = child(series, "code");
                if (code != null && "RHYTHM".equals(code.getAttribute("code"))) {
                    return series;
                }
            }
        }
        throw new AecgFormatException(name + ": no series coded RHYTHM");
    }

    private static Instant effectiveTime(Element root) {
        Element time = child(root, "effectiveTime");
        if (time == null) {
            return null;
        }
        for (String part : new String[]{"center", "low"}) {
            Element e = child(time, part);
            if (e != null && !e.getAttribute("value").isEmpty()) {
                return timestamp(e.getAttribute("value"));
            }
        }
        return null;
    }

    private static Sex sex(Element root) {
        for (Element e : descendants(root, "administrativeGenderCode")) {
            return Sex.parse(e.getAttribute("code"));
        }
        return Sex.UNKNOWN;
    }

    private static Integer age(Element root, Instant at) {
        if (at == null) {
            return null;
        }
        for (Element e : descendants(root, "birthTime")) {
            String v = e.getAttribute("value");
            if (v.length() >= 8) {
                LocalDate birth = LocalDate.parse(v.substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
                return Period.between(birth, LocalDateTime.ofInstant(at, ZoneOffset.UTC).toLocalDate()).getYears();
            }
        }
        return null;
    }

    /** HL7 TS: yyyyMMddHHmmss[.SSS], read as UTC when no zone is given. */
    static Instant timestamp(String ts) {
        String digits = ts.replaceAll("[+-]\\d{4}$", "");
        String base = (digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits);
        String padded = (base + "00000000000000").substring(0, 14);
        LocalDateTime t = LocalDateTime.parse(padded, DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
        if (digits.contains(".")) {
            String frac = (digits.substring(digits.indexOf('.') + 1) + "000000000").substring(0, 9);
            t = t.withNano(Integer.parseInt(frac));
        }
        return t.toInstant(ZoneOffset.UTC);
    }

    private static double round(double hz) {
        double r = Math.rint(hz);
        return Math.abs(hz - r) < 1e-6 * hz ? r : hz; // 1/0.002 s is 500 Hz, not 499.99999
    }

    private static double toSeconds(String name, double v, String unit) {
        return switch (unit) {
            case "s", "" -> v;
            case "ms" -> v / 1000;
            case "us" -> v / 1e6;
            default -> throw new AecgFormatException(name + ": time unit '" + unit + "' is not supported");
        };
    }

    private static double toMillivolts(String name, double v, String unit) {
        return switch (unit) {
            case "uV" -> v / 1000;
            case "mV" -> v;
            case "nV" -> v / 1e6;
            case "V" -> v * 1000;
            default -> throw new AecgFormatException(name + ": voltage unit '" + unit + "' is not supported");
        };
    }

    private static double number(String name, Element e, String attribute) {
        try {
            return Double.parseDouble(e.getAttribute(attribute));
        } catch (NumberFormatException ex) {
            throw new AecgFormatException(name + ": <" + e.getLocalName() + " " + attribute + "='" + e.getAttribute(attribute) + "'> is not a number");
        }
    }

    /** The vendor readers' bound (the HL7 example, 10 s × 12 leads as text, is 0.5 MB). */
    static final int MAX_BYTES = org.edtriage.ecg.vendorxml.VendorXmlReader.DEFAULT_MAX_BYTES;

    /** The vendor readers' hardened, bounded parser: no DTD, no external entities, a depth limit. */
    private static Document parse(InputStream in) throws IOException {
        VendorXml.Refusal refusal = (check, detail, cause) -> new AecgFormatException(detail, cause);
        return VendorXml.parse(VendorXml.readBounded(in, MAX_BYTES, refusal), refusal);
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Element first(Element parent, String localName) {
        List<Element> all = descendants(parent, localName);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> children(Element parent, String localName) {
        return org.edtriage.ecg.vendorxml.VendorXml.children(parent, localName);
    }

    private static List<Element> descendants(Element parent, String localName) {
        var list = parent.getElementsByTagNameNS(HL7, localName);
        List<Element> out = new ArrayList<>(list.getLength());
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }
}
