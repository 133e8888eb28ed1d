package io.bollard.agent;

/**
 * Chooses the log format and level before the logging system starts, from {@code LOG_LEVEL} and {@code LOG_JSON}.
 */
final class LogSetup {

    /** System property the logback files read the agent's level from. */
    static final String LEVEL_PROPERTY = "bollard.log.level";

    /** System property for libraries' level: never below info, so debug does not print their request details. */
    static final String ROOT_LEVEL_PROPERTY = "bollard.log.root-level";

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
        System.setProperty(LEVEL_PROPERTY, upper);
        System.setProperty(ROOT_LEVEL_PROPERTY, "DEBUG".equals(upper) ? "INFO" : upper);
        if (json && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}
