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

    /** @return one step a line, then the containers left as they are */
    public String print() {
        StringBuilder out = new StringBuilder();
        for (Operation op : operations) {
            out.append(op).append('\n');
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
