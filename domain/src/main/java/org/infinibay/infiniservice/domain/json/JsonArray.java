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
        return of(values, Json::of);
    }

    public int size() {
        return items.size();
    }
}
