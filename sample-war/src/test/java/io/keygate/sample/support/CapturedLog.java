package io.keygate.sample.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged through java.util.logging (where keygate, EclipseLink, Jersey and the sample log) while it is
 * open, stack traces included, for tests that assert what the server did not log.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final StringBuffer text = new StringBuffer();
    private final SimpleFormatter formatter = new SimpleFormatter();

    public CapturedLog start() {
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
        return this;
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        text.append(formatter.format(record));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append(trace);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
