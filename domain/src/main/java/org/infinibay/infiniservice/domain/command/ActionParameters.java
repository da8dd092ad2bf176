package org.infinibay.infiniservice.domain.command;

import java.util.Optional;
import java.util.OptionalLong;
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

    // Each reader walks the three objects in order by hand: a Function per reader would be a lambda
    // proxy spun on the first command (docs/performance.md, round 5).

    public Optional<Json> get(String key) {
        Optional<Json> v = commandType.get(key);
        if (v.isEmpty()) {
            v = nested.get(key);
        }
        return v.isEmpty() ? topLevel.get(key) : v;
    }

    public Optional<String> string(String key) {
        Optional<String> v = commandType.string(key);
        if (v.isEmpty()) {
            v = nested.string(key);
        }
        return v.isEmpty() ? topLevel.string(key) : v;
    }

    public Optional<Boolean> bool(String key) {
        Optional<Boolean> v = commandType.bool(key);
        if (v.isEmpty()) {
            v = nested.bool(key);
        }
        return v.isEmpty() ? topLevel.bool(key) : v;
    }

    public OptionalLong integer(String key) {
        for (JsonObject o : new JsonObject[] {commandType, nested, topLevel}) {
            if (o.has(key)) {
                return o.integer(key);
            }
        }
        return OptionalLong.empty();
    }
}
