package org.infinibay.infiniservice.application.port.out;

import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** Text to JSON tree and back, following the framing rules of CONTRACT §2. */
public interface JsonCodec {

    /**
     * Parses one JSON value. Duplicate keys are rejected.
     *
     * @throws MalformedJsonException when the text is not one well-formed JSON value
     */
    Json parse(String text) throws MalformedJsonException;

    /**
     * Serialises an object on one line. Every character outside ASCII is written as a
     * {@code \\uXXXX} escape (astral characters as surrogate pairs); integers carry no fraction.
     */
    String write(JsonObject value);
}
