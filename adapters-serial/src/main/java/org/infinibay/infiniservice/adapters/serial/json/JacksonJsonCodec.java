package org.infinibay.infiniservice.adapters.serial.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonBool;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonNull;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * The wire codec on Jackson's streaming API (no databind: the tree is the domain's own).
 * Parsing is strict (duplicate keys, trailing data and {@code NaN} tokens are errors); writing
 * produces one ASCII-only line (CONTRACT §2.2). Thread-safe: the factory is shared, parsers and
 * generators are per call.
 */
public final class JacksonJsonCodec implements JsonCodec {

    /** Inbound lines may be 8 MiB (§2.4), so one string inside may be almost that long. */
    public static final int MAX_STRING_LENGTH = 8 * 1024 * 1024;
    /** No legitimate message nests deeply; the limit keeps the recursive reader's stack small. */
    public static final int MAX_NESTING_DEPTH = 200;

    private final JsonFactory factory;

    public JacksonJsonCodec() {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_STRING_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Parse errors must never echo the input (it may be a signed command).
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .build();
    }

    @Override
    public Json parse(String text) throws MalformedJsonException {
        if (text == null) {
            throw new MalformedJsonException("malformed JSON: no text");
        }
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedJsonException("malformed JSON: empty input");
            }
            Json value = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("malformed JSON: trailing data after the value at offset "
                        + offset(parser.currentTokenLocation()));
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("malformed JSON (" + category(e) + ") at offset " + offset(e.getLocation()));
        } catch (IOException e) {
            // Reading a String cannot do I/O; keep the message free of Jackson's text anyway.
            throw new MalformedJsonException("malformed JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Json readValue(JsonParser p, JsonToken token) throws IOException, MalformedJsonException {
        switch (token) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY:
                return readArray(p);
            case VALUE_STRING:
                return new JsonString(p.getText());
            case VALUE_NUMBER_INT:
                return readInteger(p);
            case VALUE_NUMBER_FLOAT:
                return finiteFloat(p.getDoubleValue(), p);
            case VALUE_TRUE:
                return JsonBool.TRUE;
            case VALUE_FALSE:
                return JsonBool.FALSE;
            case VALUE_NULL:
                return JsonNull.INSTANCE;
            default:
                throw new MalformedJsonException("malformed JSON: unexpected token " + token
                        + " at offset " + offset(p.currentTokenLocation()));
        }
    }

    private JsonObject readObject(JsonParser p) throws IOException, MalformedJsonException {
        Map<String, Json> fields = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            fields.put(name, readValue(p, p.nextToken()));
        }
        expectEnd(t, JsonToken.END_OBJECT, p);
        return new JsonObject(fields);
    }

    private JsonArray readArray(JsonParser p) throws IOException, MalformedJsonException {
        List<Json> items = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            items.add(readValue(p, t));
        }
        expectEnd(t, JsonToken.END_ARRAY, p);
        return new JsonArray(items);
    }

    private static void expectEnd(JsonToken actual, JsonToken expected, JsonParser p) throws MalformedJsonException {
        if (actual != expected) {
            throw new MalformedJsonException("malformed JSON: unterminated container at offset "
                    + offset(p.currentLocation()));
        }
    }

    private static Json readInteger(JsonParser p) throws IOException, MalformedJsonException {
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return new JsonInt(p.getLongValue());
        }
        BigInteger big = p.getBigIntegerValue();
        return finiteFloat(big.doubleValue(), p);
    }

    private static Json finiteFloat(double value, JsonParser p) throws MalformedJsonException {
        if (!Double.isFinite(value)) {
            throw new MalformedJsonException("malformed JSON: number out of range at offset "
                    + offset(p.currentTokenLocation()));
        }
        return new JsonFloat(value);
    }

    private static String category(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return "size or nesting limit exceeded";
        }
        if (e instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        if (e instanceof InputCoercionException) {
            return "number out of range";
        }
        String original = e.getOriginalMessage();
        if (original != null && original.startsWith("Duplicate field")) {
            return "duplicate key";
        }
        return "syntax error";
    }

    private static long offset(JsonLocation location) {
        return location == null ? -1 : location.getCharOffset();
    }

    @Override
    public String write(JsonObject value) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeValue(g, value);
        } catch (IOException e) {
            // Only a generator constraint (absurd nesting) can get here; no content in the message.
            throw new IllegalArgumentException("JSON tree cannot be serialised: " + e.getClass().getSimpleName());
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Json value) throws IOException {
        if (value instanceof JsonObject o) {
            g.writeStartObject();
            for (Map.Entry<String, Json> e : o.fields().entrySet()) {
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof JsonArray a) {
            g.writeStartArray();
            for (Json item : a.items()) {
                writeValue(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof JsonString s) {
            g.writeString(s.value());
        } else if (value instanceof JsonInt i) {
            g.writeNumber(i.value());
        } else if (value instanceof JsonFloat f) {
            // JsonFloat is finite by construction; 0 is the last safety net of §2.2.
            g.writeNumber(Double.isFinite(f.value()) ? f.value() : 0.0);
        } else if (value instanceof JsonBool b) {
            g.writeBoolean(b.value());
        } else {
            g.writeNull();
        }
    }
}
