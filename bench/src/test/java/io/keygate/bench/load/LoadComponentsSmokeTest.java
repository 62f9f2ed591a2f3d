package io.keygate.bench.load;

import io.keygate.bench.Fixtures;
import io.keygate.http.AuthSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Smoke test of the load-run components (the runs themselves are not part of the build): the bench server starts
 * and each of its routes answers as the runs expect, and the Java load client, in its own JVM, reports what it did.
 */
class LoadComponentsSmokeTest {

    private static BenchServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new BenchServer(AuthSettings.defaults(), 10);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static int get(String path, String token) throws Exception {
        try (HttpConnection c = new HttpConnection("127.0.0.1", server.port(), null)) {
            return c.exchange(HttpLoadClient.request(server.port(), path, token));
        }
    }

    @Test
    void plainRouteWhenNoFilterThenAnswers200() throws Exception {
        assertThat(get(BenchServer.PLAIN, "anything")).isEqualTo(200);
    }

    @Test
    void keygateRouteWhenValidKeyThen200AndWhenMalformedThen401WithoutLookup() throws Exception {
        assertThat(get(BenchServer.KEYGATE, server.validKey())).isEqualTo(200);
        long before = server.keygateStore().lookups();
        assertThat(get(BenchServer.KEYGATE, Fixtures.randomMalformed(new Random(1)))).isEqualTo(401);
        assertThat(server.keygateStore().lookups()).isEqualTo(before);
    }

    @Test
    void controlRouteWhenSameRequestAsKeygateThenResponseDiffersOnlyInDigits() throws Exception {
        String keygate = rawExchange(BenchServer.KEYGATE);
        String control = rawExchange(BenchServer.CONTROL);

        assertThat(keygate).startsWith("HTTP/1.1 200").contains("RateLimit-Remaining: ");
        assertThat(control.length()).isEqualTo(keygate.length());
        assertThat(control.replaceAll("[0-9]", "0")).isEqualTo(keygate.replaceAll("[0-9]", "0"));
    }

    /** The whole response, head and body, to a GET with the valid key on a fresh connection. */
    private static String rawExchange(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + server.validKey() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void rotatingKeysWhenAskedForSeveralThenDistinctKeysEachAdmittedByKeygateWithTheSameBytesAsTheValidKey()
            throws Exception {
        List<String> keys = List.of(server.rotatingKeys(10).split(","));

        assertThat(keys).hasSize(10).doesNotHaveDuplicates().doesNotContain(server.validKey());
        for (String key : keys) {
            assertThat(key).hasSameSizeAs(server.validKey());
            assertThat(get(BenchServer.KEYGATE, key)).isEqualTo(200);
        }
        assertThat(catchThrowable(() -> server.rotatingKeys(11)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handRolledRouteWhenValidKeyThen200AndWhenUnknownThen401() throws Exception {
        assertThat(get(BenchServer.HAND_ROLLED, server.validKey())).isEqualTo(200);
        assertThat(get(BenchServer.HAND_ROLLED, Fixtures.randomWellFormed(new Random(2)))).isEqualTo(401);
    }

    @Test
    void javaLoadClientWhenRunInItsOwnJvmThenReportsEveryRequestAndTheCompanion() throws Exception {
        List<LoadResult> results = LoadTool.runJavaClient(server.validKey(), 120, "--port",
                String.valueOf(server.port()), "--path", BenchServer.KEYGATE, "--connections", "2", "--requests",
                "200", "--tokens", "malformed", "--bind", "127.0.0.9", "--companion-connections", "1",
                "--companion-rate", "200");

        LoadResult flood = results.get(0);
        assertThat(flood.requests()).isEqualTo(200);
        // 30 failures per minute from 127.0.0.9, then the failed-auth limit answers 429; requests already past
        // the check when the 30th failure is counted still get their 401, so up to one more per connection
        assertThat(flood.s401()).isBetween(30L, 32L);
        assertThat(flood.s401() + flood.s429()).isEqualTo(200);
        LoadResult valid = results.get(1);
        assertThat(valid.group()).isEqualTo("companion");
        assertThat(valid.non2xx() + valid.errors()).isZero();
    }

    @Test
    void wrkOutputWhenParsedThenGivesRateAndPercentilesInMicroseconds() throws Exception {
        String out = """
                Running 10s test @ http://127.0.0.1:1234/plain/hello
                  1 threads and 32 connections
                  Latency Distribution
                     50%  403.00us
                     75%  600.00us
                     90%    1.20ms
                     99%    2.05ms
                  341234 requests in 10.00s, 40.00MB read
                  Non-2xx or 3xx responses: 5
                Requests/sec:  34123.40
                Transfer/sec:      4.00MB
                """;

        LoadResult r = LoadTool.parseWrk(out);

        assertThat(r.rps()).isEqualTo(34123.40);
        assertThat(r.p50us()).isEqualTo(403.0);
        assertThat(r.p90us()).isEqualTo(1200.0);
        assertThat(r.p99us()).isEqualTo(2050.0);
        assertThat(r.requests()).isEqualTo(341234);
        assertThat(r.non2xx()).isEqualTo(5);
    }
}
