package org.infinibay.infiniservice.domain.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

public record JsonArray(List<Json> items) implements Json {
    public static final JsonArray EMPTY = new JsonArray(List.of());

    public JsonArray {
        items = List.copyOf(items);
    }

    public static <T> JsonArray of(Collection<T> values, Function<? super T, ? extends Json> mapper) {
        List<Json> out = new ArrayList<>(values.size());
        for (T v : values) {
            out.add(mapper.apply(v));
        }
        return new JsonArray(out);
    }

    public static JsonArray ofStrings(Collection<String> values) {
        List<Json> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(Json.of(v));
        }
        return new JsonArray(out);
    }

    public int size() {
        return items.size();
    }

    // equals/hashCode/toString written out: a record's generated ones link through invokedynamic
    // (ObjectMethods) and load the method-handle machinery on first use; the agent compares JSON
    // trees in steady state (the applications part resends only what changed). Same results as the
    // generated ones.
    @Override
    public boolean equals(Object o) {
        return o instanceof JsonArray a && items.equals(a.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "JsonArray[items=" + items + "]";
    }
}
