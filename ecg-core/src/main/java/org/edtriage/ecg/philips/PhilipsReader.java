package org.edtriage.ecg.philips;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.Sex;
import org.edtriage.ecg.vendorxml.VendorXml;
import org.edtriage.ecg.vendorxml.VendorXmlReader;
import org.w3c.dom.Element;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;

import static org.edtriage.ecg.vendorxml.VendorXml.attribute;
import static org.edtriage.ecg.vendorxml.VendorXml.child;
import static org.edtriage.ecg.vendorxml.VendorXml.path;
import static org.edtriage.ecg.vendorxml.VendorXml.shown;
import static org.edtriage.ecg.vendorxml.VendorXml.text;

/**
 * Reads a Philips resting ECG XML document (Sierra ECG, {@code <restingecgdata>}, as PageWriter carts and
 * IntelliSpace ECG write it) into an {@link Ecg}.
 *
 * <p><b>Versions read:</b> document type PhilipsECG or SierraECG, {@code documentinfo/documentversion}
 * 1.03, 1.04 or 1.04.01 — the versions sierra-ecg-tools reads; any other is refused by name ("version").
 * Only 1.04.01 has been checked against a real export ({@code PhilipsReaderTest}).
 *
 * <p>What is read: the XLI-compressed {@code <parsedwaveforms>} (see {@code PhilipsWaveforms}, {@code Xli}:
 * every lead, the limb leads restored from the residuals Philips stores, the calibration pulse at the end
 * cut off), at {@code samplespersecond} Hz and {@code resolution} µV per unit. Leads keep the document's
 * order and are named by {@link org.edtriage.ecg.LeadName}. From {@code patient/generalpatientdata}:
 * {@code sex} and {@code age} — {@code years} (or {@code months}, {@code weeks}, {@code days}, {@code
 * hours}, {@code minutes} as whole years), or {@code dateofbirth} as whole years at the acquisition date;
 * not the {@code defaultage} attribute, which is the age the cart's analysis assumes when none is entered.
 * From {@code dataacquisition}: the {@code date} and {@code time} attributes.
 *
 * <p><b>Time zone.</b> The acquisition date and time are the cart's wall clock, with no offset. They are
 * read in the zone given to the constructor, <b>UTC by default</b>: pass the site's zone for the true
 * instant.
 *
 * <p>What is not kept, because {@link Ecg} has no place for it: the representative beats ({@code
 * <repbeats>}), measurements, interpretation statements, the cart and the order. The record name is the
 * name the caller gives (the file name for a path).
 *
 * <p>Refused with {@link PhilipsFormatException}, by check: over the size bound ("size"); not well-formed,
 * an unknown encoding, or any DOCTYPE ("xml"); a root other than {@code restingecgdata} ("root"); another
 * document type or version ("version"); no parsed waveforms ("waveforms"); an encoding other than Base64
 * ("encoding") or a compression other than XLI, uncompressed included ("compression"); base64 that does not
 * decode ("base64"); corrupt XLI — a chunk header cut short, a chunk size beyond the data, an LZW code out
 * of the dictionary, too few chunks, a sample beyond 16 bits ("xli"); a lead decoding to another number of
 * samples than durationperchannel at the rate, or an unusable duration ("sample count"); missing, repeated
 * or miscounted lead labels ("leads"); an unusable rate or resolution ("sample rate", "resolution"); a
 * non-zero signal offset ("offset"); an age or date that does not parse ("age", "date").
 *
 * <p>XML hardening: {@link VendorXml} — no DTD is read, no entity is declared or resolved.
 */
public final class PhilipsReader extends VendorXmlReader {
    public static final List<String> DOCUMENT_TYPES = List.of("PhilipsECG", "SierraECG");
    public static final List<String> VERSIONS = List.of("1.03", "1.04", "1.04.01");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm[:ss]", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** Acquisition times read as UTC; documents up to {@link #DEFAULT_MAX_BYTES}. */
    public PhilipsReader() {
        this(ZoneOffset.UTC);
    }

    /** @param siteZone the zone of the cart's clock, in which the acquisition date and time were written */
    public PhilipsReader(ZoneId siteZone) {
        this(siteZone, DEFAULT_MAX_BYTES);
    }

    public PhilipsReader(ZoneId siteZone, int maxBytes) {
        super(siteZone, maxBytes);
    }

    @Override
    protected Ecg parse(byte[] xml, String name) {
        Element root = VendorXml.parse(xml, refusal(name)).getDocumentElement();
        if (!"restingecgdata".equals(root.getLocalName())) {
            throw new PhilipsFormatException(name, "root", "root element is <" + shown(root.getNodeName())
                    + ">, not a Philips <restingecgdata>");
        }
        checkVersion(root, name);
        PhilipsWaveforms.Read waveforms = PhilipsWaveforms.read(root, name);
        Element patient = path(root, "patient", "generalpatientdata");
        LocalDateTime acquired = acquired(child(root, "dataacquisition"), name);
        return new Ecg(name, waveforms.samplingRateHz(), waveforms.leads(),
                acquired == null ? null : acquired.atZone(siteZone).toInstant(),
                age(child(patient, "age"), acquired == null ? null : acquired.toLocalDate(), name),
                Sex.parse(text(patient, "sex")));
    }

    @Override
    protected VendorXml.Refusal refusal(String name) {
        return refusalOf(name);
    }

    /** Refusals of the shared XML code as Philips refusals of this document. */
    static VendorXml.Refusal refusalOf(String name) {
        return (check, detail, cause) -> new PhilipsFormatException(name, check, detail, cause);
    }

    private static void checkVersion(Element root, String name) {
        Element info = child(root, "documentinfo");
        String type = text(info, "documenttype");
        String version = text(info, "documentversion");
        if (version == null || !VERSIONS.contains(version) || (type != null && !DOCUMENT_TYPES.contains(type))) {
            throw new PhilipsFormatException(name, "version", "document type "
                    + (type == null ? "not given" : "'" + shown(type) + "'") + ", documentversion "
                    + (version == null ? "not given" : "'" + shown(version) + "'")
                    + "; read are " + String.join("/", DOCUMENT_TYPES) + " " + String.join(", ", VERSIONS));
        }
    }

    /** The cart's wall-clock date and time; null when either is missing. */
    private static LocalDateTime acquired(Element acquisition, String name) {
        String date = attribute(acquisition, "date");
        String time = attribute(acquisition, "time");
        if (date == null || time == null) {
            return null;
        }
        try {
            return LocalDate.parse(date, DATE).atTime(LocalTime.parse(time, TIME));
        } catch (DateTimeException e) {
            throw new PhilipsFormatException(name, "date", "dataacquisition date '" + shown(date) + "' time '" + shown(time)
                    + "' is not yyyy-MM-dd HH:mm:ss");
        }
    }

    /** Whole years; null when no age is given, or only a date of birth with no acquisition date. */
    private static Integer age(Element age, LocalDate acquired, String name) {
        String born = text(age, "dateofbirth");
        if (born != null) {
            LocalDate birth;
            try {
                birth = LocalDate.parse(born, DATE);
            } catch (DateTimeException e) {
                throw new PhilipsFormatException(name, "age", "dateofbirth '" + shown(born) + "' is not yyyy-MM-dd");
            }
            if (acquired == null) {
                return null;
            }
            int years = Period.between(birth, acquired).getYears();
            if (birth.isAfter(acquired) || years > 150) {
                throw new PhilipsFormatException(name, "age", "dateofbirth " + birth + " gives no age at acquisition on " + acquired);
            }
            return years;
        }
        for (String units : List.of("years", "months", "weeks", "days", "hours", "minutes")) {
            String value = text(age, units);
            if (value != null) {
                return inYears(value, units, name);
            }
        }
        return null;
    }

    private static int inYears(String value, String units, String name) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        long years = switch (units) {
            case "years" -> n;
            case "months" -> n / 12;
            case "weeks" -> n * 7 / 365;
            case "days" -> n / 365;
            case "hours" -> n / (365 * 24);
            default -> n / (365 * 24 * 60);
        };
        if (n < 0 || n > 200L * 366 * 24 * 60 || years > 150) {
            throw new PhilipsFormatException(name, "age", "age " + units + " '" + shown(value) + "' is not an age");
        }
        return (int) years;
    }
}
