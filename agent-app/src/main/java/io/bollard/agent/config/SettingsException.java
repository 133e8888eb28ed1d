package io.bollard.agent.config;

/**
 * A configuration value the agent cannot start with; the message names the variable and what is wrong.
 */
public class SettingsException extends RuntimeException {

    /**
     * @param variable the environment variable
     * @param problem  what is wrong with it
     */
    public SettingsException(String variable, String problem) {
        super(variable + ": " + problem, null, false, false);
    }
}
