package org.infinibay.infiniservice.application.service.scripts;

import java.util.Optional;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * One entry of {@code pending_scripts_response.scripts} (CONTRACT §5.3), validated. Content is
 * held only to be written to the script file; {@link #toString()} never shows it.
 */
record PendingScript(String executionId, String scriptId, String name, String content, String shell,
                     long timeoutSeconds, AccountResolver.Target target) {
    static final long DEFAULT_TIMEOUT_SECONDS = 600;

    /** An entry that cannot run; {@code executionId} is {@code null} when it had no usable one. */
    record Invalid(String executionId, String scriptId, String name, int code, String problem) {
    }

    /** Either a script or the reason it cannot run. */
    record Parsed(PendingScript script, Invalid invalid) {
    }

    static Parsed parse(Json entry, AccountResolver accounts) {
        if (!(entry instanceof JsonObject)) {
            return invalid(null, null, "?", ExitCodes.INVALID_PARAMETERS, "invalid script entry: not an object");
        }
        JsonObject o = (JsonObject) entry;
        String executionId = usableId(o.fields().get("execution_id")).orElse(null);
        String scriptId = usableId(o.fields().get("script_id")).orElse(null);
        Optional<String> given = o.string("script_name"); // no Optional.filter lambda per entry
        String name = given.isPresent() && !given.get().isBlank() ? given.get()
                : scriptId != null ? scriptId : executionId != null ? executionId : "?";
        if (executionId == null) {
            return invalid(null, scriptId, name, ExitCodes.INVALID_PARAMETERS,
                    "invalid script entry: missing or unusable execution_id");
        }
        Json content = o.fields().get("script_content");
        if (!(content instanceof JsonString) || ((JsonString) content).value().isEmpty()) {
            return invalid(executionId, scriptId, name, ExitCodes.INVALID_PARAMETERS,
                    "invalid script_content: required non-empty string");
        }
        Json shellField = o.fields().get("shell");
        if (shellField != null && !shellField.isNull() && !(shellField instanceof JsonString)) {
            return invalid(executionId, scriptId, name, ExitCodes.INVALID_PARAMETERS, "invalid shell: must be a string");
        }
        String shell = shellField instanceof JsonString ? ((JsonString) shellField).value() : null;
        long timeout;
        if (o.has("timeout_seconds")) {
            if (o.integer("timeout_seconds").isEmpty()) {
                return invalid(executionId, scriptId, name, ExitCodes.INVALID_PARAMETERS,
                        "invalid timeout_seconds: must be an integer");
            }
            timeout = o.integer("timeout_seconds").getAsLong();
        } else {
            timeout = 0;
        }
        if (timeout <= 0) {
            timeout = DEFAULT_TIMEOUT_SECONDS; // 0 means "default", never "expire now" (pitfall P21)
        }
        AccountResolver.Resolution where = accounts.resolve(o.fields().get("run_as"), null);
        if (where.refused()) {
            return invalid(executionId, scriptId, name, where.code(), where.problem());
        }
        return new Parsed(new PendingScript(executionId, scriptId, name, ((JsonString) content).value(), shell,
                timeout, where.target()), null);
    }

    private static Optional<String> usableId(Json v) {
        if (v instanceof JsonString && !((JsonString) v).value().isBlank()) {
            return Optional.of(((JsonString) v).value());
        }
        if (v instanceof JsonInt) {
            return Optional.of(String.valueOf(((JsonInt) v).value()));
        }
        return Optional.empty();
    }

    private static Parsed invalid(String executionId, String scriptId, String name, int code, String problem) {
        return new Parsed(null, new Invalid(executionId, scriptId, name, code, problem));
    }

    @Override
    public String toString() {
        return "PendingScript[" + executionId + ", name=" + name + ", shell=" + shell + ", timeout=" + timeoutSeconds
                + "s, runAs=" + target.userForLog() + "]";
    }
}
