package org.infinibay.infiniservice.domain.command;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * Parameter lookup of CONTRACT §8.1: for each key, the first non-absent of
 * {@code command_type.k}, {@code command_type.params.k}, top-level {@code params.k}.
 */
public final class ActionParameters {
    private final JsonObject commandType;
    private final JsonObject nested;
    private final JsonObject topLevel;

    public ActionParameters(JsonObject commandType, JsonObject topLevelParams) {
        this.commandType = commandType == null ? JsonObject.EMPTY : commandType;
        this.nested = this.commandType.object("params").orElse(JsonObject.EMPTY);
        this.topLevel = topLevelParams == null ? JsonObject.EMPTY : topLevelParams;
    }

    public Optional<Json> get(String key) {
        return first(o -> o.get(key));
    }

    public Optional<String> string(String key) {
        return first(o -> o.string(key));
    }

    public Optional<Boolean> bool(String key) {
        return first(o -> o.bool(key));
    }

    public OptionalLong integer(String key) {
        for (JsonObject o : new JsonObject[] {commandType, nested, topLevel}) {
            if (o.has(key)) {
                return o.integer(key);
            }
        }
        return OptionalLong.empty();
    }

    private <T> Optional<T> first(Function<JsonObject, Optional<T>> f) {
        Optional<T> v = f.apply(commandType);
        if (v.isEmpty()) {
            v = f.apply(nested);
        }
        if (v.isEmpty()) {
            v = f.apply(topLevel);
        }
        return v;
    }
}
