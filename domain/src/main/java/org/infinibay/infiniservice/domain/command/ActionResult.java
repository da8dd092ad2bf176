package org.infinibay.infiniservice.domain.command;

import org.infinibay.infiniservice.domain.json.Json;

/**
 * What an action produced, before it becomes a {@code response} line (CONTRACT §9.1).
 * {@code data} is {@code null} when the action has none.
 */
public record ActionResult(boolean success, int exitCode, String stdout, String stderr, Json data, String error) {

    public ActionResult {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
        if (!success && (error == null || error.isBlank())) {
            error = "exit code " + exitCode;
        }
        if (!success && stderr.isEmpty()) {
            stderr = error; // several host readers use error || stderr (§9.1)
        }
    }

    public static ActionResult ok(Json data) {
        return new ActionResult(true, ExitCodes.OK, "", "", data, null);
    }

    public static ActionResult ok(Json data, String stdout) {
        return new ActionResult(true, ExitCodes.OK, stdout, "", data, null);
    }

    public static ActionResult failure(int exitCode, String error) {
        return new ActionResult(false, exitCode, "", "", null, error);
    }

    public static ActionResult failure(int exitCode, String error, Json data) {
        return new ActionResult(false, exitCode, "", "", data, error);
    }

    public static ActionResult invalid(String parameter, String reason) {
        return failure(ExitCodes.INVALID_PARAMETERS, "invalid " + parameter + ": " + reason);
    }

    public ActionResult withData(Json newData) {
        return new ActionResult(success, exitCode, stdout, stderr, newData, error);
    }
}
