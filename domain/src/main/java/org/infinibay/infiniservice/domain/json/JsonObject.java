package org.infinibay.infiniservice.domain.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A JSON object with insertion-ordered keys. Readers follow the contract's leniency rules (§5.2):
 * absent equals {@code null}, integers accept integral floats and decimal digit strings, booleans
 * accept only {@code true}/{@code false}.
 */
public record JsonObject(Map<String, Json> fields) implements Json {
    public static final JsonObject EMPTY = new JsonObject(Map.of());

    public JsonObject {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The value, or empty when the key is absent or {@code null}. */
    public Optional<Json> get(String key) {
        Json v = fields.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public boolean has(String key) {
        return get(key).isPresent();
    }

    // The typed readers test the type by hand: an Optional.filter/map chain spins lambda proxies
    // on the first message read (docs/performance.md, round 5).

    public Optional<String> string(String key) {
        return fields.get(key) instanceof JsonString s ? Optional.of(s.value()) : Optional.empty();
    }

    public Optional<JsonObject> object(String key) {
        return fields.get(key) instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    }

    public Optional<JsonArray> array(String key) {
        return fields.get(key) instanceof JsonArray a ? Optional.of(a) : Optional.empty();
    }

    public Optional<Boolean> bool(String key) {
        return fields.get(key) instanceof JsonBool b ? Optional.of(b.value()) : Optional.empty();
    }

    /** An integer field: an integral number, or a string of decimal digits (§5.2). */
    public OptionalLong integer(String key) {
        Optional<Json> v = get(key);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        return JsonValues.asLong(v.get());
    }

    public static final class Builder {
        private final Map<String, Json> fields = new LinkedHashMap<>();

        public Builder put(String key, Json value) {
            fields.put(key, value == null ? JsonNull.INSTANCE : value);
            return this;
        }

        public Builder put(String key, String value) {
            return put(key, Json.of(value));
        }

        public Builder put(String key, long value) {
            return put(key, Json.of(value));
        }

        /** A required float: a non-finite value is written as 0 (CONTRACT §2.2). */
        public Builder put(String key, double value) {
            return put(key, Json.of(value));
        }

        public Builder put(String key, boolean value) {
            return put(key, Json.of(value));
        }

        /** An optional float: omitted when absent or not finite (CONTRACT §2.2). */
        public Builder putOptional(String key, Double value) {
            if (value != null && Double.isFinite(value)) {
                fields.put(key, new JsonFloat(value));
            }
            return this;
        }

        public Builder putNull(String key) {
            fields.put(key, JsonNull.INSTANCE);
            return this;
        }

        public Builder putAll(JsonObject other) {
            fields.putAll(other.fields());
            return this;
        }

        public JsonObject build() {
            return new JsonObject(fields);
        }
    }

    // equals/hashCode/toString written out: a record's generated ones link through invokedynamic
    // (ObjectMethods) and load the method-handle machinery on first use; the agent compares JSON
    // trees in steady state (the applications part resends only what changed). Same results as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonObject j && fields.equals(j.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "JsonObject[fields=" + fields + "]";
    }
}
