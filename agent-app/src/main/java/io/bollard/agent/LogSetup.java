package io.bollard.agent;

import io.bollard.agent.logging.LogbackSetup;

/**
 * Chooses the log format and level before the logging system starts, from {@code LOG_LEVEL} and {@code LOG_JSON},
 * as system properties that {@link LogbackSetup} reads when the first logger is made.
 */
final class LogSetup {

    private LogSetup() {
    }

    /**
     * Must run before the first logger is created.
     *
     * @param level debug, info, warn or error
     * @param json  one JSON object per line instead of text
     */
    static void configure(String level, boolean json) {
        String upper = level.toUpperCase(java.util.Locale.ROOT);
        System.setProperty(LogbackSetup.LEVEL_PROPERTY, upper);
        System.setProperty(LogbackSetup.ROOT_LEVEL_PROPERTY, "DEBUG".equals(upper) ? "INFO" : upper);
        System.setProperty(LogbackSetup.JSON_PROPERTY, Boolean.toString(json));
    }
}
