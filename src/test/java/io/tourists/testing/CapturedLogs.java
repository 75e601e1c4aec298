package io.tourists.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Captures what one logger writes, with its context (MDC), for as long as the capture is open. */
public final class CapturedLogs implements AutoCloseable {

    /** One captured line: the message, its structured arguments as text, and its context fields. */
    public record Line(String message, List<String> arguments, Map<String, String> context) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final LoggerContext loggerContext = (LoggerContext) LogManager.getContext(false);
    private final String loggerName;
    private final AbstractAppender appender;

    public CapturedLogs(Class<?> source) {
        this.loggerName = source.getName();
        this.appender = new AbstractAppender("captured-" + loggerName, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                var parameters = event.getMessage().getParameters();
                var arguments = parameters == null ? List.<String>of()
                        : Arrays.stream(parameters).map(String::valueOf).toList();
                lines.add(new Line(event.getMessage().getFormattedMessage(), arguments, event.getContextData().toMap()));
            }
        };
        appender.start();
        var config = loggerContext.getConfiguration();
        var loggerConfig = new LoggerConfig(loggerName, Level.INFO, true);
        loggerConfig.addAppender(appender, Level.INFO, null);
        config.addLogger(loggerName, loggerConfig);
        loggerContext.updateLoggers();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        loggerContext.getConfiguration().removeLogger(loggerName);
        loggerContext.updateLoggers();
        appender.stop();
    }
}
