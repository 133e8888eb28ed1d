package io.bollard.agent;

/**
 * Chooses the log format and level before the logging system starts, from {@code LOG_LEVEL} and {@code LOG_JSON}.
 */
final class LogSetup {

    /** System property the logback files read the level from. */
    static final String LEVEL_PROPERTY = "bollard.log.level";

    private LogSetup() {
    }

    /**
     * Must run before the first logger is created.
     *
     * @param level debug, info, warn or error
     * @param json  one JSON object per line instead of text
     */
    static void configure(String level, boolean json) {
        System.setProperty(LEVEL_PROPERTY, level.toUpperCase(java.util.Locale.ROOT));
        if (json && System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        }
    }
}
