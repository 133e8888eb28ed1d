package io.bollard.agent;

import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.config.SettingsException;
import io.bollard.agent.logging.LogbackSetup;
import io.bollard.agent.security.TokenCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The agent's entry point: {@code java -jar bollard-agent.jar [run]} starts the agent, {@code token --ttl 1h}
 * prints a token for curl, {@code healthcheck} probes the running agent.
 */
public final class Bollard {

    private Bollard() {
    }

    /**
     * Runs a command.
     *
     * @param args {@code run} (the default), {@code token [--ttl DURATION] [--sub NAME]} or {@code healthcheck}
     */
    public static void main(String[] args) {
        int exit = run(args, System.getenv(), System.out, System.err);
        if (exit != 0 || args.length > 0 && "train".equals(args[0])) {
            System.exit(exit);
        }
    }

    /**
     * Runs a command with the given environment; returns the exit status (0 while the agent runs).
     *
     * @param args the arguments
     * @param env  the environment variables
     * @param out  where results go
     * @param err  where errors go
     * @return 0 on success, 2 for bad configuration or usage
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "run" -> {
                    AgentSettings settings = AgentSettings.fromEnvironment(env, defaultPluginsDir());
                    LogbackSetup.choose(settings.logLevel(), settings.logJson());
                    AgentLauncher.start(settings);
                    return 0;
                }
                case "token" -> {
                    out.println(TokenCommand.run(rest, env));
                    return 0;
                }
                case "train" -> {
                    // The image build's training run for the AOT cache; not in the usage text.
                    AgentSettings settings = AgentSettings.fromEnvironment(env, defaultPluginsDir());
                    LogbackSetup.choose(settings.logLevel(), settings.logJson());
                    return TrainingRun.run(settings, env, out);
                }
                case "healthcheck" -> {
                    return HealthcheckCommand.run(env, out);
                }
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    return 0;
                }
                default -> {
                    err.println("bollard: unknown command '" + command + "'\n" + usage());
                    return 2;
                }
            }
        } catch (SettingsException e) {
            err.println("bollard: " + e.getMessage());
            return 2;
        }
    }

    private static String usage() {
        return """
                usage: java -jar bollard-agent.jar [command]
                  run                          start the agent (default)
                  token [--ttl 1h] [--sub id]  print a JWT signed with AGENT_SECRET (or the enrolled secret)
                  healthcheck                  exit 0 when the running agent and Docker answer, 1 otherwise""";
    }

    /** {@code plugins/} beside the agent's jar, or in the working folder when not run from a jar. */
    static Path defaultPluginsDir() {
        try {
            Path location = Path.of(Bollard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar")) {
                return location.getParent().resolve("plugins");
            }
        } catch (Exception e) {
            // Fall through to the working folder.
        }
        return Path.of("plugins").toAbsolutePath();
    }
}
