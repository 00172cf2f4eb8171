package org.edtriage.ecg.muse;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Lead;
import org.edtriage.ecg.LeadName;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.vendorxml.VendorXml;
import org.edtriage.ecg.vendorxml.VendorXmlReader;
import org.w3c.dom.Element;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.edtriage.ecg.vendorxml.VendorXml.child;
import static org.edtriage.ecg.vendorxml.VendorXml.children;
import static org.edtriage.ecg.vendorxml.VendorXml.shown;
import static org.edtriage.ecg.vendorxml.VendorXml.text;

/**
 * Reads a GE MUSE XML export ({@code <RestingECG>}) into an {@link Ecg}.
 *
 * <p>What is read: the {@code <Waveform>} whose {@code <WaveformType>} is {@code Rhythm} — its rate
 * {@code <SampleBase>} × 10^{@code <SampleExponent>} and every {@code <LeadData>} (see
 * {@code MuseLeadData}: base64 16-bit little-endian samples, CRC-32 verified). MUSE stores the 8
 * independent leads (I, II, V1–V6); III, aVR, aVL and aVF are derived as MUSE's viewers do, with
 * {@link Ecg#withDerivedLimbLeads()}, and the leads come in {@link LeadName#STANDARD_12} order.
 * From {@code <PatientDemographics>}: {@code <PatientAge>} in {@code <AgeUnits>} (YEARS; MONTHS, WEEKS,
 * DAYS, HOURS as whole years; no age when the units are missing or unknown) and {@code <Gender>}. From
 * {@code <TestDemographics>}: {@code <AcquisitionDate>} (MM-dd-yyyy) and {@code <AcquisitionTime>}
 * (HH:mm:ss).
 *
 * <p><b>Time zone.</b> MUSE writes the acquisition date and time as the site's wall-clock time, with no
 * offset. They are read in the zone given to the constructor, <b>UTC by default</b>: pass the site's
 * zone (e.g. {@code Europe/Stockholm}) to get the true instant.
 *
 * <p>The median beats ({@code <WaveformType>Median}, when present) are decoded with the same checks (CRC-32
 * per lead; a failure is refused, naming the median beat) and kept as {@link Ecg#deviceMedianBeat()}, their
 * limb leads derived like the rhythm's. Not kept: {@code <AcquisitionDevice>}, the measurements and the
 * diagnosis statements. The record name is the name the caller gives (the file name for a path).
 *
 * <p>Refused with {@link MuseFormatException}, by check: a document over the size bound ("size"), not
 * well-formed or in an unknown encoding ("xml"), a DOCTYPE other than MUSE's bare one ("doctype"), a
 * root other than {@code RestingECG} ("root"), no rhythm waveform or one without leads ("rhythm"), a median waveform without leads ("median"), a
 * missing or unusable rate ("sample rate"), a lead without or with a repeated {@code <LeadID>}
 * ("lead"), a lead with no data ("lead data"), base64 that does not decode ("base64"), a count
 * disagreeing with the data ("sample size", "byte count", "sample count", also for leads of unequal
 * length), a CRC-32 mismatch ("crc32", naming the lead), unknown amplitude units ("units"), an age or
 * date that does not parse ("age", "date").
 *
 * <p>XML hardening: see {@code MuseXml} and {@link org.edtriage.ecg.vendorxml.VendorXml} — no DTD is read, no
 * entity is declared or resolved.
 */
public final class MuseReader extends VendorXmlReader {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM-dd-uuuu", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** Acquisition times read as UTC; documents up to {@link #DEFAULT_MAX_BYTES}. */
    public MuseReader() {
        this(ZoneOffset.UTC);
    }

    /** @param siteZone the zone of the site's clock, in which MUSE wrote the acquisition date and time */
    public MuseReader(ZoneId siteZone) {
        this(siteZone, DEFAULT_MAX_BYTES);
    }

    public MuseReader(ZoneId siteZone, int maxBytes) {
        super(siteZone, maxBytes);
    }

    @Override
    protected VendorXml.Refusal refusal(String name) {
        return MuseXml.refusal(name);
    }

    @Override
    protected Ecg parse(byte[] xml, String name) {
        Element root = MuseXml.parse(xml, name).getDocumentElement();
        if (!"RestingECG".equals(root.getLocalName())) {
            throw new MuseFormatException(name, "root", "root element is <" + shown(root.getNodeName())
                    + ">, not a MUSE <RestingECG>");
        }
        Element rhythm = waveform(root, "Rhythm");
        if (rhythm == null) {
            throw new MuseFormatException(name, "rhythm", "no <Waveform> of <WaveformType>Rhythm");
        }
        List<Lead> leads = leads(rhythm, "rhythm", name);
        Element patient = child(root, "PatientDemographics");
        Element test = child(root, "TestDemographics");
        Instant acquiredAt = acquiredAt(test, name);
        Integer age = age(patient, name);
        Sex sex = Sex.parse(text(patient, "Gender"));
        Element median = waveform(root, "Median");
        String medianName = name + " median";
        Ecg beat = median == null ? null
                : inStandardOrder(new Ecg(medianName, samplingRate(median, medianName), leads(median, "median", medianName), acquiredAt, age, sex));
        Ecg stored = new Ecg(name, samplingRate(rhythm, name), leads, acquiredAt, age, sex, beat);
        return inStandardOrder(stored.withDerivedLimbLeads());
    }

    /** The first {@code <Waveform>} of this {@code <WaveformType>}, or null. */
    private static Element waveform(Element root, String type) {
        for (Element waveform : children(root, "Waveform")) {
            if (type.equalsIgnoreCase(text(waveform, "WaveformType"))) {
                return waveform;
            }
        }
        return null;
    }

    /** @param type "rhythm" or "median": the waveform, named in refusals (and the check when it holds no lead) */
    private static List<Lead> leads(Element waveform, String type, String name) {
        List<Lead> leads = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element leadData : children(waveform, "LeadData")) {
            Lead lead = MuseLeadData.read(leadData, name);
            if (!seen.add(lead.name())) {
                throw new MuseFormatException(name, "lead", "lead " + lead.name() + " appears twice in the " + type + " waveform");
            }
            if (!leads.isEmpty() && lead.length() != leads.get(0).length()) {
                throw new MuseFormatException(name, "sample count", "lead " + lead.name() + " has " + lead.length()
                        + " samples, lead " + leads.get(0).name() + " has " + leads.get(0).length());
            }
            leads.add(lead);
        }
        if (leads.isEmpty()) {
            throw new MuseFormatException(name, type, "the " + type + " waveform holds no <LeadData>");
        }
        return leads;
    }

    private static double samplingRate(Element rhythm, String name) {
        String base = text(rhythm, "SampleBase");
        String exponent = text(rhythm, "SampleExponent");
        if (base != null) {
            try {
                double hz = Double.parseDouble(base) * Math.pow(10, exponent == null ? 0 : Integer.parseInt(exponent));
                if (hz > 0 && hz <= 1e6) {
                    return hz;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw new MuseFormatException(name, "sample rate", "<SampleBase> '" + (base == null ? "" : shown(base))
                + "' × 10^<SampleExponent> '" + (exponent == null ? "" : shown(exponent)) + "' is not a sampling rate");
    }

    /** Whole years; null when the age or its units are missing or the units unknown. */
    private static Integer age(Element patient, String name) {
        String age = text(patient, "PatientAge");
        String units = text(patient, "AgeUnits");
        if (age == null || units == null) {
            return null;
        }
        long value;
        try {
            value = Long.parseLong(age);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0 || value > 200 * 366 * 24L) {
            throw new MuseFormatException(name, "age", "<PatientAge> '" + shown(age) + "' is not an age");
        }
        Long years = switch (units.toUpperCase(Locale.ROOT)) {
            case "YEARS" -> value;
            case "MONTHS" -> value / 12;
            case "WEEKS" -> value * 7 / 365;
            case "DAYS" -> value / 365;
            case "HOURS" -> value / (365 * 24);
            default -> null;
        };
        if (years != null && years > 150) {
            throw new MuseFormatException(name, "age", "<PatientAge> " + value + " " + shown(units) + " is not an age");
        }
        return years == null ? null : years.intValue();
    }

    /** The site's wall-clock date and time in {@link #siteZone}; null when either is missing. */
    private Instant acquiredAt(Element test, String name) {
        String date = text(test, "AcquisitionDate");
        String time = text(test, "AcquisitionTime");
        if (date == null || time == null) {
            return null;
        }
        try {
            return LocalDate.parse(date, DATE).atTime(LocalTime.parse(time, TIME)).atZone(siteZone).toInstant();
        } catch (DateTimeException e) {
            throw new MuseFormatException(name, "date", "<AcquisitionDate> '" + shown(date) + "' <AcquisitionTime> '"
                    + shown(time) + "' is not MM-dd-yyyy HH:mm:ss");
        }
    }

    /** The standard 12 in their usual order, any other lead after them in the order stored. */
    private static Ecg inStandardOrder(Ecg ecg) {
        List<Lead> ordered = new ArrayList<>(ecg.leads());
        ordered.sort(Comparator.comparingInt(l -> {
            int i = LeadName.STANDARD_12.indexOf(l.name());
            return i < 0 ? LeadName.STANDARD_12.size() : i;
        }));
        return new Ecg(ecg.recordName(), ecg.samplingRateHz(), ordered, ecg.acquiredAt(), ecg.ageYears(), ecg.sex(),
                ecg.deviceMedianBeat() == null ? null : inStandardOrder(ecg.deviceMedianBeat()));
    }
}
