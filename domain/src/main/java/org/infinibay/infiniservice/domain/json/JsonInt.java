package org.infinibay.infiniservice.domain.json;

/** A JSON number written without fraction or exponent. */
public record JsonInt(long value) implements Json {
    // equals/hashCode/toString written out: a record's generated ones link through invokedynamic
    // (ObjectMethods) and load the method-handle machinery on first use; the agent compares JSON
    // trees in steady state (the applications part resends only what changed). Same results as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonInt i && value == i.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "JsonInt[value=" + value + "]";
    }
}
