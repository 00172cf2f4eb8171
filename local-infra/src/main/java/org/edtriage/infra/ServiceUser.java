package org.edtriage.infra;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user of a service's HTTP API with a password made fresh for one run, as the services' embedded realm
 * (Quarkus {@code quarkus.security.users.embedded}) takes it: the password only as its digest,
 * HEX(SHA-512(user ":" realm ":" password)), so the child JVM's command line, which any process list shows,
 * never carries the password itself.
 */
public record ServiceUser(String name, String password, List<String> roles) {
    /** Quarkus' default realm name (quarkus.security.users.embedded.realm-name), part of every digest. */
    public static final String REALM = "Quarkus";

    public static ServiceUser fresh(String name, String... roles) {
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        return new ServiceUser(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), List.of(roles));
    }

    /** What the service is started with to know this user: the password's digest and the roles. */
    public Map<String, String> serviceProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.security.users.embedded.users." + name, digest());
        p.put("quarkus.security.users.embedded.roles." + name, String.join(",", roles));
        return p;
    }

    String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-512").digest((name + ":" + REALM + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-512", e);
        }
    }

    /** The value of an {@code Authorization} header signing in as this user (HTTP basic). */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return name + " " + roles; // never the password: records print every component
    }
}
