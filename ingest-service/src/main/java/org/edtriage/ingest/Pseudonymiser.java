package org.edtriage.ingest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * Replaces hospital identifiers with keyed HMAC-SHA256 pseudonyms before anything reaches Kafka: the
 * same patient always maps to the same pseudonym (so visits, ECGs and outcomes link up), and without
 * the key nobody can go back. The key is configuration, never in the repository.
 */
public final class Pseudonymiser {
    private final SecretKeySpec key;

    public Pseudonymiser(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("pseudonymisation key must be at least 16 characters");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** @param kind what the identifier is ("patient", "visit"), so equal numbers of different kinds do not collide */
    public String pseudonym(String kind, String identifier) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((kind + ':' + identifier).getBytes(StandardCharsets.UTF_8));
            return kind.charAt(0) + "-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
