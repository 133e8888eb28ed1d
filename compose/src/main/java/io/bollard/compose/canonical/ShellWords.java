package io.bollard.compose.canonical;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into words as a POSIX shell would (single and double quotes, backslash escapes), which is
 * what Compose does with {@code command: "sh -c 'echo hi'"}. No expansion of any kind.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /**
     * Splits a string.
     *
     * @param text the command
     * @return its words
     * @throws IllegalArgumentException for an unclosed quote
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " in '" + text + "'");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
