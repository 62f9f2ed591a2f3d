package io.keygate.sample.rest;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.it.ApiClient.Response;
import io.keygate.sample.support.EchoResource;
import io.keygate.sample.support.RestServer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** A bug in a resource: a JSON 500 without a stack trace, and the failure logged once, naming the method. */
class FailureMapperTest {

    @Test
    void unexpectedExceptionIsAJson500WithoutStackTraceLoggedOnce() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    records.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (RestServer server = new RestServer()) {
            Response r = new ApiClient(server::uri).post("/echo/fail", null, "{}");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.header("Content-Type")).isEqualToIgnoringCase("application/json;charset=UTF-8");
            assertThat(r.text()).isEqualTo(
                    "{\"error\":\"Internal error\",\"detail\":\"The request could not be completed.\"}");
        } finally {
            root.removeHandler(capture);
        }
        assertThat(records).filteredOn(record -> record.getThrown() != null
                        && EchoResource.FAILURE_MESSAGE.equals(record.getThrown().getMessage()))
                .singleElement()
                .satisfies(record -> assertThat(record.getMessage()).contains("EchoResource.fail"));
    }
}
