package io.bollard.compose.apply;

/**
 * A dependency that did not reach the condition a service waits for: unhealthy, without a healthcheck to wait for,
 * exited (with a non-zero code, or at all when it had to keep running), or not there in time. The stack's own
 * containers failed, not the agent or the engine.
 */
public class ConditionFailedException extends IllegalStateException {

    /**
     * @param message what the dependency did
     */
    public ConditionFailedException(String message) {
        super(message);
    }
}
