package io.bollard.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogbackSetupTest {

    @AfterEach
    void clearProperties() {
        for (String p : new String[] {LogbackSetup.LEVEL_PROPERTY, LogbackSetup.ROOT_LEVEL_PROPERTY,
                LogbackSetup.JSON_PROPERTY, "logback.configurationFile"}) {
            System.clearProperty(p);
        }
    }

    @Test
    void textLinesCarryTheRequestIdOnlyWhileARequestIsHandled() {
        LogbackSetup.choose("debug", false);
        LoggerContext context = configured();

        assertEquals(Level.INFO, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(Level.DEBUG, context.getLogger("io.bollard").getLevel());
        assertEquals(Level.WARN, context.getLogger("com.github.dockerjava").getLevel());
        assertDoesNotThrow(() -> Class.forName(LogbackSetup.JWT_CLAIMS_LOGGER), "the class Micronaut Security logs from");
        assertEquals(Level.OFF, context.getLogger(LogbackSetup.JWT_CLAIMS_LOGGER).getLevel());
        Encoder<ILoggingEvent> encoder = encoder(context);
        String inRequest = line(encoder, context, Map.of(RequestIdFilter.MDC_KEY, "req-1"));
        String outside = line(encoder, context, Map.of());
        assertTrue(inRequest.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) WARN  "
                + "\\[main\\] io\\.bollard\\.Test \\[req-1\\] - started\\n"), inRequest);
        assertTrue(outside.endsWith(" WARN  [main] io.bollard.Test - started\n"), outside);
    }

    @Test
    void jsonLinesWhenAsked() {
        LogbackSetup.choose("info", true);
        LoggerContext context = configured();

        assertInstanceOf(JsonLineEncoder.class, encoder(context));
        assertEquals(Level.INFO, context.getLogger("io.bollard").getLevel());
    }

    @Test
    void anOperatorsOwnFileTakesOver() {
        System.setProperty("logback.configurationFile", "/etc/bollard/logback.xml");
        LogbackSetup setup = new LogbackSetup();
        LoggerContext context = new LoggerContext();
        setup.setContext(context);

        assertEquals(ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
        assertNull(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT"));
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        LogbackSetup setup = new LogbackSetup();
        setup.setContext(context);
        assertEquals(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
        return context;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context) {
        var appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        return ((ConsoleAppender<ILoggingEvent>) appender).getEncoder();
    }

    private static String line(Encoder<ILoggingEvent> encoder, LoggerContext context, Map<String, String> mdc) {
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.bollard.Test"), Level.WARN, "started",
                null, null);
        event.setThreadName("main");
        event.setMDCPropertyMap(mdc);
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }
}
