package org.edtriage.deploy;

import org.edtriage.deploy.stack.LocalStack;
import org.edtriage.deploy.stack.SingleSignOn;
import org.edtriage.infra.ServiceUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard signs its users in through a real OpenID Connect provider: Keycloak (its Quarkus distribution, a child
 * process on loopback) with a realm whose clinician has the role {@code clinician} and whose visitor has none; the local
 * stack's scoring service configured for it ({@link SingleSignOn}); Chromium goes through Keycloak's own sign-in page.
 */
class OidcSignInIT {
    private static final ServiceUser CLINICIAN = ServiceUser.fresh("dr.ward", "clinician");
    private static final ServiceUser VISITOR = ServiceUser.fresh("visitor");
    private static KeycloakServer keycloak;
    private static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of(System.getProperty("triage.root", "..")).toAbsolutePath().normalize();
        Path keycloakHome = unpackedKeycloak(root);
        Optional<String> missing = Chromium.installed() ? KeycloakServer.missing(keycloakHome)
                : Optional.of("Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        missing.ifPresent(why -> System.out.println("SKIPPED OidcSignInIT: " + why));
        Assumptions.assumeTrue(missing.isEmpty(), missing.orElse(""));
        Path dir = root.resolve("deploy/target/oidc-it");
        keycloak = KeycloakServer.start(keycloakHome, dir.resolve("keycloak"), List.of(CLINICIAN, VISITOR));
        // an untrained placeholder and no continuous training: this test is about who may see the board
        stack = LocalStack.start(root, dir.resolve("stack"), "cnn20k", 1, 1, false,
                new SingleSignOn(keycloak.issuer(), KeycloakServer.CLIENT_ID, keycloak.clientSecret()), System.out::println);
    }

    @AfterAll
    static void stop() {
        if (stack != null) stack.close();
        if (keycloak != null) keycloak.close();
    }

    @Test
    void aClinicianSignsInThroughTheProviderAndSeesTheBoard() throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            signIn(browser, CLINICIAN);
            var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> d.findElement(By.id("board")).isDisplayed());
            assertEquals(CLINICIAN.name(), wait.until(d -> {
                String user = d.findElement(By.id("user")).getText();
                return user.isEmpty() ? null : user;
            }), "the provider's user name, shown in the header");
            wait.until(d -> d.findElement(By.id("live")).getAttribute("class").contains("on"));
            Object me = browser.executeAsyncScript("const done = arguments[0];"
                    + "fetch('/api/me', {headers: {'X-Requested-With': 'JavaScript'}}).then(r => r.json()).then(j => done(j.roles.join(',')));");
            assertEquals("clinician", me, "the role comes from the provider's access token");
        } finally {
            browser.quit();
        }
    }

    @Test
    void aUserWithoutTheRoleIsRefusedAfterSigningIn() throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            signIn(browser, VISITOR);
            var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(d -> d.findElement(By.id("refused")).isDisplayed());
            assertFalse(browser.findElement(By.id("board")).isDisplayed(), "no board");
            Object alerts = browser.executeAsyncScript("const done = arguments[0];"
                    + "fetch('/api/alerts', {headers: {'X-Requested-With': 'JavaScript'}}).then(r => done(r.status));");
            assertEquals(403L, alerts, "signed in, with a session, but without the role");
            // signing out ends the provider's session too: the next sign-in asks for a password again
            browser.findElement(By.id("sign-out")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(stack.scoring().baseUrl()) && d.findElement(By.id("sso")).isDisplayed());
            browser.findElement(By.id("sso-sign-in")).click();
            wait.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer().toString()) && !d.findElements(By.id("kc-login")).isEmpty());
        } finally {
            browser.quit();
        }
    }

    @Test
    void withoutSigningInNothingIsServedAndTheClientSecretIsNowhereToBeSeen() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        for (String api : List.of("/api/alerts", "/api/me", "/api/visits/x")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.scoring().baseUrl() + api)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 401 || r.statusCode() == 302 && r.headers().firstValue("location").orElse("")
                    .startsWith(keycloak.issuer().toString()), api + " without signing in: " + r.statusCode() + " " + r.headers().map());
        }
        assertEquals("{\"method\":\"oidc\"}", http.send(HttpRequest.newBuilder(URI.create(stack.scoring().baseUrl() + "/sign-in-method")).build(),
                HttpResponse.BodyHandlers.ofString()).body().replace(" ", ""));
        // the secret reached the service in its environment only: not its command line, not its log, not its endpoints
        String secret = keycloak.clientSecret();
        long pid = stack.scoring().process().pid();
        String commandLine = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        assertTrue(commandLine.contains("quarkus.oidc.auth-server-url"), "the command line was read: " + commandLine.length() + " chars");
        assertFalse(commandLine.contains(secret), "the client secret is not on the command line");
        assertFalse(Files.readString(stack.scoring().process().log()).contains(secret), "nor in the log");
        for (String endpoint : List.of("/q/health", "/q/metrics")) {
            String body = http.send(HttpRequest.newBuilder(URI.create(stack.scoring().managementUrl() + endpoint)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertFalse(body.contains(secret), "nor on " + endpoint);
        }
    }

    /** Opens the board, follows its sign-in link to Keycloak's page and signs in there as the user. */
    private static void signIn(ChromeDriver browser, ServiceUser user) {
        var wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get(stack.scoring().baseUrl() + "/");
        wait.until(d -> d.findElement(By.id("sso")).isDisplayed());
        assertFalse(browser.findElement(By.id("login-form")).isDisplayed(), "no password form of our own");
        browser.findElement(By.id("sso-sign-in")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(keycloak.issuer().toString()));
        wait.until(d -> d.findElement(By.id("username"))).sendKeys(user.name());
        browser.findElement(By.id("password")).sendKeys(user.password());
        browser.findElement(By.id("kc-login")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(stack.scoring().baseUrl()));
    }

    /** Where the build unpacked org.keycloak:keycloak-quarkus-dist (one keycloak-VERSION directory). */
    private static Path unpackedKeycloak(Path root) throws java.io.IOException {
        Path dir = root.resolve("deploy/target/keycloak");
        if (!Files.isDirectory(dir)) {
            return dir;
        }
        try (Stream<Path> versions = Files.list(dir)) {
            return versions.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst().orElse(dir);
        }
    }
}
