package org.edtriage.ingest.document;

import org.edtriage.ecg.Ecg;
import org.edtriage.ecg.aecg.AecgFormatException;
import org.edtriage.ecg.aecg.AecgReader;
import org.edtriage.ecg.muse.MuseFormatException;
import org.edtriage.ecg.muse.MuseReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * An ECG document as an ECG management system exports it, recognised by what it holds (not by its name or
 * content type, which senders get wrong): GE MUSE XML ({@code RestingECG}) or HL7 aECG ({@code AnnotatedECG}).
 * Formats we know but do not read yet (Philips XML, DICOM) are refused by name.
 */
public final class EcgDocuments {
    /** Where the root element must show itself: MUSE and aECG put it after a short prolog. */
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

    public enum Kind { GE_MUSE, HL7_AECG, PHILIPS_XML, DICOM, UNKNOWN }

    private final MuseReader muse;

    /** @param siteZone the zone of the site's local acquisition times (MUSE writes no offset) */
    public EcgDocuments(ZoneId siteZone) {
        this.muse = new MuseReader(siteZone);
    }

    public static Kind kind(byte[] document) {
        if (document.length > 132 && document[128] == 'D' && document[129] == 'I' && document[130] == 'C' && document[131] == 'M') {
            return Kind.DICOM;
        }
        String head = new String(document, 0, Math.min(document.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
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

    public Ecg read(byte[] document, String name) throws Refused {
        Kind kind = kind(document);
        try {
            return switch (kind) {
                case GE_MUSE -> muse.read(document, name);
                case HL7_AECG -> AecgReader.read(new ByteArrayInputStream(document), name);
                case PHILIPS_XML -> throw new Refused("format", name + ": Philips XML is recognised but not read yet", null);
                case DICOM -> throw new Refused("format", name + ": DICOM waveforms are recognised but not read yet", null);
                case UNKNOWN -> throw new Refused("format", name + ": neither GE MUSE XML (RestingECG) nor HL7 aECG (AnnotatedECG) "
                        + "in its first " + SNIFF_BYTES + " bytes; WFDB records go to /api/ecgs/wfdb", null);
            };
        } catch (MuseFormatException e) {
            throw new Refused(e.check(), e.getMessage(), e);
        } catch (AecgFormatException e) {
            throw new Refused("aecg", e.getMessage(), e);
        } catch (IOException e) {
            throw new Refused("read", name + ": " + e.getMessage(), e);
        }
    }
}
