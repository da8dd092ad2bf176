package org.infinibay.infiniservice.domain.json;

import java.util.Objects;

public record JsonString(String value) implements Json {
    public JsonString {
        Objects.requireNonNull(value, "value");
    }

    // equals/hashCode/toString written out: a record's generated ones link through invokedynamic
    // (ObjectMethods) and load the method-handle machinery on first use; the agent compares JSON
    // trees in steady state (the applications part resends only what changed). Same results as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonString s && value.equals(s.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "JsonString[value=" + value + "]";
    }
}
