package io.bollard.agent.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The secret audit of a whole test run: every log line of the run (the in-process agents' at debug level for
 * {@code io.bollard}, plus agent processes' and containers' output handed to {@link #scan}) goes to
 * {@code target/test-logs/<run>.log}; tests {@link #remember} the secrets, tokens and registry passwords they use;
 * when the run ends, the log is searched for each of them, and any found are written to
 * {@code target/log-secret-leaks-<run>.txt}, which fails the build (the enforcer's requireFilesDontExist in verify).
 */
public final class LogAudit implements LauncherSessionListener {

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final Pattern WORD_SPLIT = Pattern.compile("[^A-Za-z0-9_.+/=\\-]+");
    private static volatile BufferedWriter out;
    private static Path logFile;
    private static Path leakFile;

    /**
     * Records a secret that must never be logged.
     *
     * @param secret a secret, token or password (short or blank values are ignored)
     */
    public static void remember(String secret) {
        if (secret != null && secret.length() >= 8) {
            SECRETS.add(secret);
        }
    }

    /**
     * Adds output the run's loggers did not write (an agent process, a container) to the audited log.
     *
     * @param source where it came from
     * @param text   the output
     */
    public static synchronized void scan(String source, String text) {
        write("---- " + source + " ----\n" + text + "\n");
    }

    private static synchronized void write(String text) {
        if (out == null) {
            return;
        }
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String run = System.getProperty("bollard.log-audit.run", "tests");
        Path target = Path.of("target");
        logFile = target.resolve("test-logs").resolve(run + ".log");
        leakFile = target.resolve("log-secret-leaks-" + run + ".txt");
        try {
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(leakFile);
            out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // The agent's own lines at debug level go to the audit; the console keeps its level.
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> console = it.next();
            ThresholdFilter info = new ThresholdFilter();
            info.setLevel("INFO");
            info.start();
            console.addFilter(info);
        }
        context.getLogger("io.bollard").setLevel(Level.DEBUG);
        AppenderBase<ILoggingEvent> audit = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String thrown = event.getThrowableProxy() == null ? ""
                        : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                write(event.getLevel() + " " + event.getLoggerName() + " " + event.getMDCPropertyMap() + " "
                        + event.getFormattedMessage() + thrown + "\n");
            }
        };
        audit.setContext(context);
        audit.setName("bollard-log-audit");
        audit.start();
        root.addAppender(audit);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            synchronized (LogAudit.class) {
                out.close();
                out = null;
            }
            Set<String> leaked = new TreeSet<>();
            try (var lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    for (String word : WORD_SPLIT.split(line)) {
                        if (word.length() >= 8 && (SECRETS.contains(word) || partsLeak(word))) {
                            leaked.add(line.length() > 300 ? line.substring(0, 300) + "..." : line);
                        }
                    }
                });
            }
            if (!leaked.isEmpty()) {
                List<String> report = new ArrayList<>();
                report.add(leaked.size() + " log lines of " + logFile + " hold a secret, token or password "
                        + "the tests used:");
                report.addAll(leaked);
                Files.write(leakFile, report, StandardCharsets.UTF_8);
                System.err.println(String.join("\n", report));
            } else {
                System.out.println("LogAudit: " + SECRETS.size() + " secrets, tokens and passwords; none in "
                        + logFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean partsLeak(String word) {
        for (String part : word.split("[.=/]")) {
            if (SECRETS.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
