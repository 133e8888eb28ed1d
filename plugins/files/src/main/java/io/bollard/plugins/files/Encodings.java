package io.bollard.plugins.files;

import io.bollard.plugin.error.ApiException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * File content as JSON carries it: UTF-8 text, or base64 for anything else.
 */
final class Encodings {

    private Encodings() {
    }

    static byte[] decode(String content, String encoding) {
        if (content == null) {
            throw ApiException.badRequest("content is required (use \"\" for an empty file)");
        }
        if (encoding == null || encoding.equalsIgnoreCase("utf8") || encoding.equalsIgnoreCase("utf-8")) {
            return content.getBytes(StandardCharsets.UTF_8);
        }
        if (encoding.equalsIgnoreCase("base64")) {
            try {
                return Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("content is not valid base64");
            }
        }
        throw ApiException.badRequest("encoding must be utf8 or base64, not '" + encoding + "'");
    }

    /**
     * Checks the encoding a read asks for, before anything is read.
     *
     * @param wanted {@code utf8}, {@code utf-8}, {@code base64}, or none
     * @return it
     * @throws ApiException 400 for another value
     */
    static String checkWanted(String wanted) {
        if (wanted != null && !wanted.isEmpty() && !wanted.equalsIgnoreCase("base64")
                && !wanted.equalsIgnoreCase("utf8") && !wanted.equalsIgnoreCase("utf-8")) {
            throw ApiException.badRequest("encoding must be utf8 or base64, not '" + wanted + "'");
        }
        return wanted;
    }

    /** UTF-8 when asked and the bytes are valid UTF-8; base64 otherwise. */
    static String[] encode(byte[] bytes, String wanted) {
        if (wanted != null && wanted.equalsIgnoreCase("base64")) {
            return new String[]{Base64.getEncoder().encodeToString(bytes), "base64"};
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return new String[]{text, "utf8"};
        } catch (CharacterCodingException binary) {
            return new String[]{Base64.getEncoder().encodeToString(bytes), "base64"};
        }
    }
}
