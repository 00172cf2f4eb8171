package org.edtriage.infra;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The password of a service user never leaves the process that made it: not in the service's properties, not in its text. */
class ServiceUserTest {

    @Test
    void theServiceGetsTheDigestAndTheRolesNeverThePassword() {
        ServiceUser operator = ServiceUser.fresh("operator", "operator", "monitoring");
        Map<String, String> properties = operator.serviceProperties();
        assertEquals(operator.digest(), properties.get("quarkus.security.users.embedded.users.operator"));
        assertEquals("operator,monitoring", properties.get("quarkus.security.users.embedded.roles.operator"));
        assertEquals(128, operator.digest().length(), "SHA-512 in hex, the embedded realm's default algorithm");
        for (String value : properties.values()) {
            assertFalse(value.contains(operator.password()), value);
        }
        assertFalse(operator.toString().contains(operator.password()), operator.toString());
        assertTrue(operator.password().length() >= 16, "96 random bits");
        assertNotEquals(operator.password(), ServiceUser.fresh("operator", "operator").password(), "fresh each time");
    }
}
