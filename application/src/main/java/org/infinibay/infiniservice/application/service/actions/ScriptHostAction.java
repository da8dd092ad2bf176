package org.infinibay.infiniservice.application.service.actions;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * ExecutePowerShellScript (CONTRACT §8.5.11) over the guest's {@link ScriptHost}: its interpreter and
 * argv ({@link ScriptHost#command}), never the script text on a command line. An inline script goes to
 * a private temporary file that is deleted afterwards; it runs through the
 * execution engine, so the deadline ({@code min(timeout_seconds, wire deadline)}, 0 or absent ⇒ 600 s)
 * and the whole-tree kill apply. The script text and environment values are never logged.
 */
public final class ScriptHostAction implements SafeActionExecutor {
    static final long DEFAULT_TIMEOUT_SECONDS = 600;
    private static final Set<String> TYPES = Set.of("inline", "file");
    private static final int MAX_SCRIPT_CHARS = 4 * 1024 * 1024;
    private static final System.Logger LOG = Logs.get(ScriptHostAction.class);

    private final ScriptHost host;
    private final ProgramRunner runner;
    private final AgentClock clock;

    public ScriptHostAction(ScriptHost host, ProgramRunner runner, AgentClock clock) {
        this.host = host;
        this.runner = runner;
        this.clock = clock;
    }

    @Override
    public Set<String> actions() {
        return Set.of("ExecutePowerShellScript");
    }

    /** What one request asks for, validated. */
    record Plan(String script, boolean inline, long timeoutSeconds, String workingDirectory, Map<String, String> env) {
        @Override
        public String toString() {
            return "Plan[inline=" + inline + ", chars=" + script.length() + ", timeout=" + timeoutSeconds + "]";
        }
    }

    static Plan plan(ActionParameters p) throws InvalidParameterException {
        Optional<Json> rawScript = p.get("script");
        if (rawScript.isPresent() && !(rawScript.get() instanceof JsonString)) {
            throw new InvalidParameterException("script", "must be a string");
        }
        String script = Params.string(p, "script").orElse("");
        if (script.isBlank()) {
            throw new InvalidParameterException("script", "missing");
        }
        if (script.length() > MAX_SCRIPT_CHARS) {
            throw new InvalidParameterException("script", "longer than " + MAX_SCRIPT_CHARS + " characters");
        }
        boolean inline = Params.choice(p, "script_type", TYPES).orElse("inline").equals("inline");
        if (!inline && (script.startsWith("-") || script.indexOf('\0') >= 0 || script.contains("\n"))) {
            throw new InvalidParameterException("script", "not a file path");
        }
        long timeout = Params.integer(p, "timeout_seconds").orElse(0);
        if (timeout <= 0) {
            timeout = DEFAULT_TIMEOUT_SECONDS; // pitfall P21: 0 is "default", never "expire at once"
        }
        String wd = Params.string(p, "working_directory").orElse(null);
        return new Plan(script, inline, timeout, wd, environment(p));
    }

    /** {@code environment_vars}: an object of strings; keys with {@code =} or NUL are refused (§10.2). */
    static Map<String, String> environment(ActionParameters p) throws InvalidParameterException {
        Optional<Json> raw = p.get("environment_vars");
        if (raw.isEmpty()) {
            return Map.of();
        }
        if (!(raw.get() instanceof JsonObject o)) {
            throw new InvalidParameterException("environment_vars", "must be an object");
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, Json> e : o.fields().entrySet()) {
            String k = e.getKey();
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new InvalidParameterException("environment_vars", "invalid variable name");
            }
            if (!(e.getValue() instanceof JsonString s)) {
                throw new InvalidParameterException("environment_vars", "value of " + k + " must be a string");
            }
            if (s.value().indexOf('\0') >= 0) {
                throw new InvalidParameterException("environment_vars", "value of " + k + " contains NUL");
            }
            env.put(k, s.value());
        }
        return env;
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        Plan plan;
        try {
            plan = plan(request.parameters());
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        if (plan.workingDirectory() != null && !host.isDirectory(plan.workingDirectory())) {
            return ActionResult.invalid("working_directory", "not an existing directory");
        }
        Optional<String> interpreter = host.interpreter();
        if (interpreter.isEmpty()) {
            return ActionResult.failure(ExitCodes.UNKNOWN_ACTION, host.language() + " is not installed");
        }
        String file;
        if (plan.inline()) {
            try {
                file = host.writePrivateScript(plan.script());
            } catch (IOException e) {
                return ActionResult.failure(ExitCodes.FAILED, "cannot write the script file: " + e.getMessage());
            }
        } else {
            if (!host.isFile(plan.script())) {
                return ActionResult.invalid("script", "no such file");
            }
            file = plan.script();
        }
        Deadline deadline = deadline(request.deadline(), plan.timeoutSeconds(), clock.monotonicNanos());
        LOG.log(System.Logger.Level.INFO, "{0}: {1} script, {2} chars, deadline {3} s", request.action(),
                plan.inline() ? "inline" : "file", plan.script().length(), deadline.seconds());
        ExecResult r;
        try {
            r = runner.run(new ExecRequest(host.command(interpreter.get(), file), plan.env(), plan.workingDirectory(), null,
                    deadline, null));
        } finally {
            if (plan.inline()) {
                host.delete(file);
            }
        }
        return result(r, deadline, host.language());
    }

    /** {@code min(timeout_seconds, wire deadline)} on the monotonic clock. */
    static Deadline deadline(Deadline wire, long timeoutSeconds, long nowNanos) {
        long own = nowNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        if (own - wire.atNanos() < 0) {
            return new Deadline(own, timeoutSeconds);
        }
        return wire;
    }

    static ActionResult result(ExecResult r, Deadline deadline, String language) {
        int code = r.startFailed() ? ExitCodes.UNKNOWN_ACTION : r.timedOut() ? ExitCodes.TIMED_OUT : r.exitCode();
        JsonObject data = JsonObject.builder().put("exit_code", code).put("timed_out", r.timedOut())
                .put("stdout_truncated", r.stdoutTruncated()).put("stderr_truncated", r.stderrTruncated()).build();
        if (code == 0) {
            return new ActionResult(true, 0, r.stdout(), r.stderr(), data, null);
        }
        String error = r.startFailed() ? "failed to start " + language
                : r.timedOut() ? "timed out after " + deadline.seconds() + " s" : "exit code " + code;
        return new ActionResult(false, code, r.stdout(), r.stderr(), data, error);
    }
}
