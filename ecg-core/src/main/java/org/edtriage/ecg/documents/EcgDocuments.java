package org.edtriage.ecg.documents;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.aecg.AecgFormatException;
import org.edtriage.ecg.aecg.AecgReader;
import org.edtriage.ecg.dicom.DicomEcgReader;
import org.edtriage.ecg.edf.EdfReader;
import org.edtriage.ecg.muse.MuseReader;
import org.edtriage.ecg.philips.PhilipsReader;
import org.edtriage.ecg.vendorxml.VendorFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * An ECG document as an ECG management system exports it, recognised by what it holds (not by its name or
 * content type, which senders get wrong): GE MUSE XML ({@code RestingECG}), HL7 aECG ({@code AnnotatedECG})
 * or Philips XML ({@code restingecgdata}, XLI-compressed; Philips writes UTF-16, so the head is read in
 * the encoding its byte order mark or first characters show), a DICOM 12-lead or general ECG object ("DICM"
 * after the 128-byte preamble), or an EDF/EDF+ recording (version "0" padded to eight bytes).
 */
public final class EcgDocuments {
    /** Where the root element must show itself: MUSE, aECG and Philips put it after a short prolog. */
    private static final int SNIFF_BYTES = 4096;

    /** A document we cannot read, with the check that failed (as the readers name them) and the reason. */
    public static final class Refused extends Exception {
        private final String check;

        Refused(String check, String reason, Throwable cause) {
            super(reason, cause);
            this.check = check;
        }

        public String check() {
            return check;
        }
    }

    public enum Kind { GE_MUSE, HL7_AECG, PHILIPS_XML, DICOM, EDF, UNKNOWN }

    private final MuseReader muse;
    private final PhilipsReader philips;
    private final DicomEcgReader dicom;
    private final EdfReader edf;

    /** @param siteZone the zone of the site's local acquisition times (MUSE and Philips write no offset) */
    public EcgDocuments(ZoneId siteZone) {
        this.muse = new MuseReader(siteZone);
        this.philips = new PhilipsReader(siteZone);
        this.dicom = new DicomEcgReader(siteZone);
        this.edf = new EdfReader(siteZone);
    }

    /** The file names of documents in folders (the hot folder, feeds, {@code ecg check}): XML exports, DICOM and EDF files. */
    public static final java.util.List<String> FILE_EXTENSIONS = java.util.List.of(".xml", ".dcm", ".edf");

    /** Whether a file is named like an ECG document ({@link #FILE_EXTENSIONS}, any case). */
    public static boolean isDocumentName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return FILE_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** The file name without its document extension. */
    public static String baseName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        return FILE_EXTENSIONS.stream().filter(lower::endsWith).findFirst()
                .map(extension -> fileName.substring(0, fileName.length() - extension.length())).orElse(fileName);
    }

    /** The media type a document of this kind is sent as (EDF has no registered one). */
    public static String mediaType(Kind kind) {
        return switch (kind) {
            case DICOM -> "application/dicom";
            case EDF -> "application/octet-stream";
            default -> "application/xml";
        };
    }

    /** The file extension a document of this kind is written with (the hot folder, feeds). */
    public static String extension(Kind kind) {
        return switch (kind) {
            case DICOM -> ".dcm";
            case EDF -> ".edf";
            default -> ".xml";
        };
    }

    public static Kind kind(byte[] document) {
        if (document.length > 132 && document[128] == 'D' && document[129] == 'I' && document[130] == 'C' && document[131] == 'M') {
            return Kind.DICOM;
        }
        if (EdfReader.isEdf(document)) {
            return Kind.EDF;
        }
        String head = head(document);
        if (head.contains("<RestingECG")) {
            return Kind.GE_MUSE;
        }
        if (head.contains("AnnotatedECG")) {
            return Kind.HL7_AECG;
        }
        if (head.contains("<restingecgdata")) {
            return Kind.PHILIPS_XML;
        }
        return Kind.UNKNOWN;
    }

    /** The first {@link #SNIFF_BYTES} as text: UTF-16 when a byte order mark or a "<" in two bytes says so, else byte for byte. */
    private static String head(byte[] document) {
        int n = Math.min(document.length, SNIFF_BYTES);
        if (n >= 2) {
            int b0 = document[0] & 0xff, b1 = document[1] & 0xff;
            if ((b0 == 0xFF && b1 == 0xFE) || (b0 == '<' && b1 == 0)) {
                return new String(document, 0, n, StandardCharsets.UTF_16LE);
            }
            if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0 && b1 == '<')) {
                return new String(document, 0, n, StandardCharsets.UTF_16BE);
            }
        }
        return new String(document, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** The vendor readers' bound: larger than any 12-lead export we know (MUSE, Philips and aECG ~0.1–1 MB). */
    public static final int MAX_BYTES = org.edtriage.ecg.vendorxml.VendorXmlReader.DEFAULT_MAX_BYTES;

    public Ecg read(byte[] document, String name) throws Refused {
        if (document.length > MAX_BYTES) {
            throw new Refused("size", name + ": " + document.length + " bytes, more than the " + MAX_BYTES + " an ECG document may have", null);
        }
        Kind kind = kind(document);
        try {
            return switch (kind) {
                case GE_MUSE -> muse.read(document, name);
                case HL7_AECG -> AecgReader.read(new ByteArrayInputStream(document), name);
                case PHILIPS_XML -> philips.read(document, name);
                case DICOM -> dicom.read(document, name);
                case EDF -> edf.read(document, name);
                case UNKNOWN -> throw new Refused("format", name + ": neither GE MUSE XML (RestingECG), HL7 aECG (AnnotatedECG) "
                        + "nor Philips XML (restingecgdata), no DICOM file (DICM) and no EDF (version 0) "
                        + "in its first " + SNIFF_BYTES + " bytes (WFDB records are read from their .hea and data files)", null);
            };
        } catch (VendorFormatException e) {
            throw new Refused(e.check(), e.getMessage(), e);
        } catch (AecgFormatException e) {
            throw new Refused("aecg", e.getMessage(), e);
        } catch (IOException e) {
            throw new Refused("read", name + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // values the readers passed but an Ecg or Lead does not take (an absurd rate or resolution)
            throw new Refused("values", name + ": " + e.getMessage(), e);
        }
    }
}
