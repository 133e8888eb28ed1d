package io.bollard.plugin.docker;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One change of a Compose stack at a time, whichever plugin makes it: a deploy, stop or remove of the stack, or an
 * edit of one of its containers. A deploy that recreated a container while an edit recreated the same one left a
 * stray copy behind.
 */
@Singleton
public class StackTurns {

    private final Map<String, String> taken = new ConcurrentHashMap<>();

    /**
     * Takes a stack's turn.
     *
     * @param stack the Compose project name
     * @param what  what takes it, for the refusal of others ({@code a deploy}, {@code an edit of container web-1})
     * @return false when something else has it
     */
    public boolean take(String stack, String what) {
        return taken.putIfAbsent(stack, what) == null;
    }

    /**
     * @param stack the Compose project name
     * @return what has its turn now, or null
     */
    public String holder(String stack) {
        return taken.get(stack);
    }

    /**
     * @param stack the Compose project name
     * @return what has its turn now, for a refusal ({@code another change} when it has just been given back)
     */
    public String describeHolder(String stack) {
        String holder = taken.get(stack);
        return holder == null ? "another change" : holder;
    }

    /**
     * Gives a stack's turn back.
     *
     * @param stack the Compose project name
     */
    public void release(String stack) {
        taken.remove(stack);
    }

    /** @return the stacks whose turn is taken now */
    public List<String> taken() {
        return List.copyOf(taken.keySet());
    }
}
