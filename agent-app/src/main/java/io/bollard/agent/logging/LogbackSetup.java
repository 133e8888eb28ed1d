package io.bollard.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

import java.util.Locale;

/**
 * Sets logback up in code when the first logger is made: one console appender writing text lines, or with
 * {@code LOG_JSON=true} JSON lines ({@link JsonLineEncoder}); the agent's level from {@code LOG_LEVEL}, libraries'
 * never below info, docker-java's at warn. It stands in for an XML file because logback's XML configuration loaded
 * about 600 classes of its own and of the JDK's XML parser at every start. An operator's own file, given with
 * {@code -Dlogback.configurationFile=...} in {@code JAVA_OPTS}, still takes over.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

    /** System property with the agent's level (debug, info, warn, error), set from {@code LOG_LEVEL}. */
    static final String LEVEL_PROPERTY = "bollard.log.level";

    /** Micronaut Security's JWT validator, which logs only a token's unreadable claims above DEBUG. */
    static final String JWT_CLAIMS_LOGGER = "io.micronaut.security.token.jwt.nimbus.AbstractJsonWebTokenValidator";

    /** System property with libraries' level: never below info, so debug does not print their request details. */
    static final String ROOT_LEVEL_PROPERTY = "bollard.log.root-level";

    /** System property: {@code true} for JSON lines, set from {@code LOG_JSON}. */
    static final String JSON_PROPERTY = "bollard.log.json";

    /** Text lines: time with offset, level, thread, logger, the request id while a request is handled, message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}"
            + "%replace( [%X{requestId}]){' \\[\\]', ''} - %msg%n";

    /** Public for {@link java.util.ServiceLoader}, which logback finds it through. */
    public LogbackSetup() {
    }

    /**
     * Chooses the format and levels, from {@code LOG_LEVEL} and {@code LOG_JSON}; must run before the first logger
     * is made, when logback sets itself up.
     *
     * @param level debug, info, warn or error
     * @param json  one JSON object per line instead of text
     */
    public static void choose(String level, boolean json) {
        String upper = level.toUpperCase(Locale.ROOT);
        System.setProperty(LEVEL_PROPERTY, upper);
        System.setProperty(ROOT_LEVEL_PROPERTY, "DEBUG".equals(upper) ? "INFO" : upper);
        System.setProperty(JSON_PROPERTY, Boolean.toString(json));
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        context.getStatusManager().add(new NopStatusListener());
        Encoder<ILoggingEvent> encoder = Boolean.getBoolean(JSON_PROPERTY) ? new JsonLineEncoder() : textEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(ROOT_LEVEL_PROPERTY), Level.INFO));
        root.addAppender(console);
        context.getLogger("io.bollard").setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
        // docker-java logs every failed asynchronous call there, at ERROR with its trace, on its own thread (so
        // without the request's id); the agent handles and reports each of those failures itself.
        context.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate").setLevel(Level.OFF);
        // Micronaut Security logs a well-signed token whose claims have the wrong types ("exp": "abc") at ERROR with
        // the parser's whole trace: a caller's mistake, answered 401 like any bad token. The class logs nothing
        // else above DEBUG.
        context.getLogger(JWT_CLAIMS_LOGGER).setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static PatternLayoutEncoder textEncoder() {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setPattern(TEXT_PATTERN);
        return encoder;
    }
}
