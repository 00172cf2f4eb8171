package org.edtriage.ecg.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** One HAPI parser setup for every mapper: any 2.x version read into the 2.6 model, structure only. */
final class Hl7Parsing {
    private static final ThreadLocal<PipeParser> PARSER = ThreadLocal.withInitial(() -> {
        HapiContext context = new DefaultHapiContext();
        context.setModelClassFactory(new CanonicalModelClassFactory("2.6"));
        // our mappers check what they need and say so; HAPI's default rules would refuse valid feeds
        context.setValidationContext(ValidationContextFactory.noValidation());
        return context.getPipeParser();
    });

    private Hl7Parsing() {
    }

    static Message parse(String er7) {
        try {
            return PARSER.get().parse(er7);
        } catch (HL7Exception e) {
            throw new Hl7Rejection(Hl7Rejection.Code.SEGMENT_SEQUENCE_ERROR, "HAPI cannot parse the message: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new Hl7Rejection(Hl7Rejection.Code.APPLICATION_ERROR, "the message cannot be parsed: " + e, e);
        }
    }

    /**
     * HL7 DTM (YYYY[MM[DD[HH[MM[SS[.S...]]]]]][+/-ZZZZ]) as an instant; no zone means the given local zone.
     * Null for an empty value.
     */
    static Instant timestamp(String value, ZoneId localZone, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String v = value.trim();
            ZoneId zone = localZone;
            int sign = Math.max(v.indexOf('+'), v.indexOf('-'));
            if (sign > 0) {
                zone = ZoneOffset.of(v.substring(sign, sign + 3) + ":" + v.substring(sign + 3, sign + 5));
                v = v.substring(0, sign);
            }
            String fraction = "";
            int dot = v.indexOf('.');
            if (dot >= 0) {
                fraction = v.substring(dot + 1);
                v = v.substring(0, dot);
            }
            if (v.length() < 4 || v.length() > 14 || v.length() % 2 != 0) {
                throw new IllegalArgumentException("length " + v.length());
            }
            String padded = v + "0101000000".substring(v.length() - 4); // missing month/day are 01, times 00
            LocalDateTime t = LocalDateTime.parse(padded, DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
            if (!fraction.isEmpty()) {
                t = t.withNano(Integer.parseInt((fraction + "000000000").substring(0, 9)));
            }
            return t.atZone(zone).toInstant();
        } catch (RuntimeException e) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " '" + value + "' is not an HL7 date/time");
        }
    }

    static LocalDate date(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim().substring(0, 8), DateTimeFormatter.BASIC_ISO_DATE);
        } catch (RuntimeException e) {
            throw new Hl7Rejection(Hl7Rejection.Code.DATA_TYPE_ERROR, field + " '" + value + "' is not an HL7 date");
        }
    }
}
