package org.infinibay.infiniservice.domain.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON value from UTF-8 bytes into the domain's tree, strictly (RFC 8259: no trailing
 * data, no duplicate keys, no NaN or infinite numbers) and within a budget: at most
 * {@code maxValues} values (every scalar, array and object counts) and {@code maxDepth} levels of
 * nesting, so no input, however shaped, makes it hold more than the budget allows or recurse deeper
 * than the limit. Numbers as the wire codec reads them: an integer token that fits a long is a
 * {@link JsonInt}, anything else a finite {@link JsonFloat}.
 *
 * <p>Strings are decoded in place ({@link JsonScanner}): the bytes read are overwritten.
 */
public final class JsonReader {
    private final JsonScanner in;
    private final int maxDepth;
    private int valuesLeft;

    private JsonReader(JsonScanner in, int maxValues, int maxDepth) {
        this.in = in;
        this.valuesLeft = maxValues;
        this.maxDepth = maxDepth;
    }

    /**
     * @throws JsonReadException when the bytes are not one well-formed JSON value or exceed the budget
     */
    public static Json read(byte[] utf8, int offset, int length, int maxValues, int maxDepth)
            throws JsonReadException {
        JsonReader r = new JsonReader(new JsonScanner(utf8, offset, length), maxValues, maxDepth);
        Json value = r.value(0);
        if (!r.in.atEnd()) {
            throw r.error(JsonReadException.Kind.SYNTAX);
        }
        return value;
    }

    private Json value(int depth) throws JsonReadException {
        if (--valuesLeft < 0) {
            throw error(JsonReadException.Kind.TOO_MANY_VALUES);
        }
        int c = in.peek();
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"':
                return new JsonString(string());
            case 't':
                return literal("true", JsonBool.TRUE);
            case 'f':
                return literal("false", JsonBool.FALSE);
            case 'n':
                return literal("null", JsonNull.INSTANCE);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error(JsonReadException.Kind.SYNTAX);
        }
    }

    private JsonObject object(int depth) throws JsonReadException {
        if (depth > maxDepth) {
            throw error(JsonReadException.Kind.TOO_DEEP);
        }
        in.consume('{');
        if (in.consume('}')) {
            return JsonObject.EMPTY;
        }
        Map<String, Json> fields = new LinkedHashMap<>();
        do {
            if (in.peek() != '"') {
                throw error(JsonReadException.Kind.SYNTAX);
            }
            String name = string();
            if (!in.consume(':')) {
                throw error(JsonReadException.Kind.SYNTAX);
            }
            if (fields.put(name, value(depth)) != null) {
                throw error(JsonReadException.Kind.DUPLICATE_KEY);
            }
        } while (in.consume(','));
        if (!in.consume('}')) {
            throw error(JsonReadException.Kind.SYNTAX);
        }
        return new JsonObject(fields);
    }

    private JsonArray array(int depth) throws JsonReadException {
        if (depth > maxDepth) {
            throw error(JsonReadException.Kind.TOO_DEEP);
        }
        in.consume('[');
        if (in.consume(']')) {
            return JsonArray.EMPTY;
        }
        List<Json> items = new ArrayList<>();
        do {
            items.add(value(depth));
        } while (in.consume(','));
        if (!in.consume(']')) {
            throw error(JsonReadException.Kind.SYNTAX);
        }
        return new JsonArray(items);
    }

    private String string() throws JsonReadException {
        int n = in.decodeString();
        if (n < 0) {
            throw error(JsonReadException.Kind.SYNTAX);
        }
        return new String(in.buffer(), in.stringStart(), n, StandardCharsets.UTF_8);
    }

    private Json literal(String word, Json value) throws JsonReadException {
        if (!in.literal(word)) {
            throw error(JsonReadException.Kind.SYNTAX);
        }
        return value;
    }

    private Json number() throws JsonReadException {
        int start = in.scanNumber();
        if (start < 0) {
            throw error(JsonReadException.Kind.SYNTAX);
        }
        if (in.integral()) {
            long v = in.integerValue(start);
            if (in.fitsLong()) {
                return new JsonInt(v);
            }
        }
        double d = in.doubleValue(start);
        if (!Double.isFinite(d)) {
            throw error(JsonReadException.Kind.NUMBER_OUT_OF_RANGE);
        }
        return new JsonFloat(d);
    }

    private JsonReadException error(JsonReadException.Kind kind) {
        return new JsonReadException(kind, in.position());
    }
}
