package io.bollard.compose.plan;

import java.util.List;

/**
 * The steps that bring the engine to the desired project, in the order to run them, and what was left alone.
 *
 * @param operations the steps
 * @param unchanged  containers already up to date, by name
 * @param orphans    containers of services no longer in the file that stay because orphans are not removed
 */
public record Plan(List<Operation> operations, List<String> unchanged, List<String> orphans) {

    /** Copies the lists. */
    public Plan {
        operations = List.copyOf(operations);
        unchanged = List.copyOf(unchanged);
        orphans = List.copyOf(orphans);
    }

    /**
     * The plan as text: one step a line with its wave first (steps of one wave may run at once, one chain after
     * another), then the containers left as they are.
     *
     * @return the text
     */
    public String print() {
        StringBuilder out = new StringBuilder();
        for (Operation op : operations) {
            out.append(op.wave()).append(' ').append(op).append('\n');
        }
        for (String name : unchanged) {
            out.append("keep container ").append(name).append('\n');
        }
        for (String name : orphans) {
            out.append("orphan container ").append(name).append('\n');
        }
        return out.toString();
    }
}
