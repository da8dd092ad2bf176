package org.infinibay.infiniservice.domain.json;

/** A JSON number that may carry a fraction. Always finite. */
public record JsonFloat(double value) implements Json {
    public JsonFloat {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("JSON has no NaN or Infinity");
        }
    }

    // equals/hashCode/toString written out: a record's generated ones link through invokedynamic
    // (ObjectMethods) and load the method-handle machinery on first use; the agent compares JSON
    // trees in steady state (the applications part resends only what changed). Same results as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonFloat f && Double.compare(value, f.value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "JsonFloat[value=" + value + "]";
    }
}
