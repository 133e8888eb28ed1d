package io.bollard.compose.read;

import io.bollard.compose.ComposeException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one Compose file into a {@link RawDocument} without constructing any Java object the file names.
 *
 * <p>SnakeYAML only composes the node graph, with its limits on aliases, nesting and size; this class then walks the
 * graph itself, counting every value it produces, because aliases that stay under SnakeYAML's count can still
 * expand exponentially (a "billion laughs" file). YAML merge keys ({@code <<: *anchor}) are honoured.
 */
public final class YamlReader {

    /** Largest file accepted, in bytes. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** Most aliases to collections in one file. */
    public static final int MAX_ALIASES = 100;
    /** Deepest nesting of collections. */
    public static final int MAX_DEPTH = 64;
    /** Most values one file may expand to, aliases included. */
    public static final int MAX_VALUES = 250_000;

    private YamlReader() {
    }

    /**
     * Reads a file.
     *
     * @param file its name for messages
     * @param text its content
     * @return the tree
     * @throws ComposeException when it is not YAML, not a mapping, or over a limit
     */
    public static RawDocument read(String file, String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new ComposeException(file + ": larger than " + MAX_BYTES + " bytes");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        Node node;
        try {
            node = new Yaml(new SafeConstructor(options)).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ComposeException(file + ":" + line + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new ComposeException(file + ": " + e.getMessage());
        }
        if (node == null) {
            throw new ComposeException(file + ": the file is empty");
        }
        SourceMap lines = new SourceMap();
        Walker walker = new Walker(file, lines);
        Object root = walker.value(node, "", 0);
        if (!(root instanceof Map<?, ?>)) {
            throw new ComposeException(file + ": the top level must be a mapping (services:, networks:, ...)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) root;
        return new RawDocument(file, map, lines);
    }

    /** Turns nodes into values, counting them. */
    private static final class Walker {
        private final String file;
        private final SourceMap lines;
        private final Set<Node> merging = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        Walker(String file, SourceMap lines) {
            this.file = file;
            this.lines = lines;
        }

        Object value(Node node, String path, int depth) {
            if (++values > MAX_VALUES) {
                throw new ComposeException(file + ": expands to more than " + MAX_VALUES
                        + " values (aliases nested too deep?)");
            }
            if (depth > MAX_DEPTH) {
                throw new ComposeException(file + ": nested deeper than " + MAX_DEPTH + " levels");
            }
            lines.put(path.isEmpty() ? "." : path, file + ":" + (node.getStartMark().getLine() + 1));
            if (node instanceof MappingNode mapping) {
                Map<String, Object> out = new LinkedHashMap<>();
                mapping(mapping, path, depth, out);
                return out;
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> out = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    out.add(value(item, SourceMap.element(path, out.size()), depth + 1));
                }
                return out;
            }
            return scalar((ScalarNode) node);
        }

        private void mapping(MappingNode mapping, String path, int depth, Map<String, Object> out) {
            List<MappingNode> merged = new ArrayList<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                if (keyNode.getTag().equals(Tag.MERGE)) {
                    Node v = tuple.getValueNode();
                    if (v instanceof MappingNode m) {
                        merged.add(m);
                    } else if (v instanceof SequenceNode s) {
                        for (Node n : s.getValue()) {
                            if (!(n instanceof MappingNode m)) {
                                throw new ComposeException(file + ":" + (n.getStartMark().getLine() + 1)
                                        + ": a merge key (<<) takes mappings only");
                            }
                            merged.add(m);
                        }
                    } else {
                        throw new ComposeException(file + ":" + (v.getStartMark().getLine() + 1)
                                + ": a merge key (<<) takes a mapping or a list of mappings");
                    }
                    continue;
                }
                if (!(keyNode instanceof ScalarNode key)) {
                    throw new ComposeException(file + ":" + (keyNode.getStartMark().getLine() + 1)
                            + ": keys must be plain strings");
                }
                String k = key.getValue();
                if (out.containsKey(k)) {
                    // SnakeYAML checks duplicates when it constructs objects, which this reader never does.
                    throw new ComposeException(file + ":" + (keyNode.getStartMark().getLine() + 1)
                            + ": duplicate key " + k);
                }
                out.put(k, value(tuple.getValueNode(), SourceMap.child(path, k), depth + 1));
            }
            // Merged mappings never override the mapping's own keys; earlier ones win over later ones (YAML spec).
            // Each merge counts as a value and a level, and a mapping merged into itself is refused: otherwise
            // `x: &a {<<: *a}` recurses without end, and chains of merges expand without bound.
            for (MappingNode m : merged) {
                if (++values > MAX_VALUES) {
                    throw new ComposeException(file + ": expands to more than " + MAX_VALUES + " values");
                }
                if (depth + 1 > MAX_DEPTH) {
                    throw new ComposeException(file + ": merge keys nested deeper than " + MAX_DEPTH + " levels");
                }
                if (!merging.add(m)) {
                    throw new ComposeException(file + ":" + (m.getStartMark().getLine() + 1)
                            + ": a mapping is merged into itself");
                }
                try {
                    Map<String, Object> from = new LinkedHashMap<>();
                    mapping(m, path, depth + 1, from);
                    from.forEach(out::putIfAbsent);
                } finally {
                    merging.remove(m);
                }
            }
        }

        private static Object scalar(ScalarNode node) {
            String v = node.getValue();
            Tag tag = node.getTag();
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                String lower = v.toLowerCase(Locale.ROOT);
                return lower.equals("true") || lower.equals("yes") || lower.equals("on") || lower.equals("y");
            }
            if (tag.equals(Tag.INT) && !v.contains(":")) {
                // YAML 1.1 reads 22:22 as a base-60 number; Compose files mean a port mapping, so ':' stays text.
                try {
                    return Long.decode(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            if (tag.equals(Tag.FLOAT) && !v.contains(":")) {
                try {
                    return Double.parseDouble(v.replace("_", ""));
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            return v;
        }
    }
}
