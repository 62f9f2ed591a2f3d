package io.keygate.http;

import io.keygate.keys.KeyFormat;
import io.keygate.keys.Permission;
import io.keygate.limit.Limit;
import io.keygate.service.CreatedKey;
import io.keygate.store.InMemoryApiKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many requests with valid, invalid and malformed keys, every log level on, standard output captured: no
 * presented key may appear anywhere in what was logged or printed.
 */
class NoKeyInLogsTest {

    private final List<String> logged = new ArrayList<>();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder b = new StringBuilder(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object p : record.getParameters()) {
                    b.append(' ').append(p);
                }
            }
            if (record.getThrown() != null) {
                StringWriter w = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(w));
                b.append(' ').append(w);
            }
            synchronized (logged) {
                logged.add(b.toString());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void captureEverything() {
        root.setLevel(Level.ALL);
        Logger.getLogger("io.keygate").setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        originalOut = System.out;
        originalErr = System.err;
        PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
        System.setOut(both);
        System.setErr(both);
    }

    @AfterEach
    void restore() {
        root.removeHandler(capture);
        root.setLevel(rootLevel);
        Logger.getLogger("io.keygate").setLevel(null);
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void requestsWithAnyKindOfKeyNeverLogTheKey() throws Exception {
        ApiKeyAuthFilterTest.FlakyStore store = new ApiKeyAuthFilterTest.FlakyStore(new InMemoryApiKeyStore());
        List<String> presented = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        try (FilterHarness h = new FilterHarness(FilterHarness.settings().failedAuthLimit(new Limit(20, 60)).build(),
                store)) {
            CreatedKey valid = h.key("acme", Permission.READ);
            CreatedKey limited = h.create(io.keygate.service.NewKey.builder("acme", io.keygate.keys.Owner.user("u"))
                    .rateLimit(new Limit(1, 60)).build());
            CreatedKey revoked = h.key("acme");
            CreatedKey noPlan = h.key("initech");
            h.keygate.service().revoke(revoked.key().id());
            CreatedKey rotated = h.key("acme");
            CreatedKey replacement = h.keygate.service().rotate(rotated.key().id(), 0).orElseThrow();
            presented.addAll(List.of(valid.plaintext(), limited.plaintext(), revoked.plaintext(),
                    noPlan.plaintext(), rotated.plaintext(), replacement.plaintext()));
            for (int i = 0; i < 200; i++) {
                String body = randomBody(random);
                String wellFormedUnknown = KeyFormat.compose("sk_live_", body);
                String badChecksum = wellFormedUnknown.substring(0, wellFormedUnknown.length() - 1)
                        + (wellFormedUnknown.endsWith("A") ? "B" : "A");
                String garbage = "sk_test_" + body;
                presented.addAll(List.of(wellFormedUnknown, badChecksum, garbage));
                String from = "192.0.2." + (i % 50);
                for (String token : List.of(wellFormedUnknown, badChecksum, garbage, valid.plaintext(),
                        limited.plaintext(), revoked.plaintext(), noPlan.plaintext(), rotated.plaintext(),
                        replacement.plaintext())) {
                    h.get("/x", "Bearer " + token).from(from).run();
                    h.call("POST", "/x").bearer(token).from(from).run();
                }
                h.get("/x", "Basic " + garbage).run();
                h.call("GET", "/x").query("api_key=" + wellFormedUnknown).run();
                h.call("GET", "/x").bearer(valid.plaintext()).bearer(garbage).run();
            }
            store.down.set(true);
            h.clock.advance(java.time.Duration.ofMinutes(10));
            for (String token : presented.subList(0, 6)) {
                h.get("/x", "Bearer " + token).run();
            }
        }
        System.out.flush();
        String printed = out.toString(StandardCharsets.UTF_8);
        List<String> records;
        synchronized (logged) {
            records = List.copyOf(logged);
        }
        assertThat(records).as("the filter logs at init and on rejections").isNotEmpty();
        for (String key : presented) {
            assertThat(printed).doesNotContain(key);
            for (String record : records) {
                assertThat(record).doesNotContain(key);
            }
        }
    }

    private static String randomBody(SecureRandom random) {
        char[] c = new char[KeyFormat.BODY_LENGTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = io.keygate.keys.Base62.ALPHABET.charAt(random.nextInt(62));
        }
        return new String(c);
    }
}
