package org.infinibay.infiniservice.application.service.unsafe;

import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.InboundMessage;

/**
 * Runs {@code UnsafeCommand}s (CONTRACT §10.1-§10.3) through the one execution engine: validates the
 * fields, picks the shell, runs with the caller's deadline, audits, and maps the outcome to the
 * response fields. The command text and env values are never logged above DEBUG (pitfall P5).
 */
public final class UnsafeCommandService implements UnsafeCommandHandler {
    private static final System.Logger LOG = Logs.get(UnsafeCommandService.class);

    private final ProgramRunner runner;
    private final ShellPlatform shells;
    private final AccountResolver accounts;
    private final AuditTrail audit;
    private final AgentClock clock;
    private final boolean logCommandText;

    /**
     * @param logCommandText log the raw command at DEBUG; off unless explicitly enabled (§10.2)
     */
    public UnsafeCommandService(ProgramRunner runner, ShellPlatform shells, AccountResolver accounts,
                                AuditTrail audit, AgentClock clock, boolean logCommandText) {
        this.runner = runner;
        this.shells = shells;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.logCommandText = logCommandText;
    }

    /** The execution deadline of an unsafe command received at {@code receivedNanos} (§8.3). */
    public static Deadline deadlineFor(InboundMessage.UnsafeCommand command, long receivedNanos) {
        return Deadline.forWireTimeout(receivedNanos, command.timeoutSeconds());
    }

    @Override
    public ActionResult execute(InboundMessage.UnsafeCommand command, Deadline deadline) throws InterruptedException {
        long startMillis = clock.nowMillis();
        Deadline effective = deadline != null ? deadline : deadlineFor(command, clock.monotonicNanos());
        JsonObject raw = command.raw();

        Json rawCommand = raw.fields().get("raw_command");
        if (!(rawCommand instanceof JsonString)) {
            return refused(command, startMillis, "", "agent", ActionResult.failure(ExitCodes.INVALID_PARAMETERS,
                    rawCommand == null || rawCommand.isNull() ? "missing raw_command"
                            : "invalid raw_command: must be a string"));
        }
        String text = ((JsonString) rawCommand).value();
        Json shellField = raw.fields().get("shell");
        String shell = shellField instanceof JsonString ? ((JsonString) shellField).value() : null;

        Map<String, String> env = new HashMap<>();
        Optional<String> envProblem = readEnv(raw.fields().get("env_vars"), env);
        if (envProblem.isPresent()) {
            return refused(command, startMillis, "", "agent",
                    ActionResult.failure(ExitCodes.INVALID_PARAMETERS, envProblem.get()));
        }
        AccountResolver.Resolution where = accounts.resolve(raw.fields().get("run_as"), raw.fields().get("working_dir"));
        if (where.refused()) {
            return refused(command, startMillis, "", "agent", ActionResult.failure(where.code(), where.problem()));
        }
        ShellCommand argv = shells.command(shell, text);
        if (argv.isRefused()) {
            return refused(command, startMillis, "", where.target().userForLog(),
                    ActionResult.failure(argv.refusalCode(), argv.refusal()));
        }
        if (logCommandText) {
            LOG.log(System.Logger.Level.DEBUG, "unsafe command {0} text: {1}", command.id(), text);
        }

        ExecResult r;
        try {
            r = runner.run(new ExecRequest(argv.argv(), env, where.target().workDir(), where.target().user(),
                    effective, null));
        } catch (InterruptedException e) {
            audit.record(new AuditRecord(startMillis, command.id(), "unsafe", argv.program(),
                    where.target().userForLog(), clock.nowMillis() - startMillis, ExitCodes.TIMED_OUT,
                    AuditRecord.digest("", ""), "allowed; interrupted"));
            throw e;
        }
        ActionResult result = toResult(r, effective);
        audit.record(new AuditRecord(startMillis, command.id(), "unsafe", argv.program(), where.target().userForLog(),
                r.durationMs(), r.exitCode(), AuditRecord.digest(result.stdout(), result.stderr()), "allowed"));
        LOG.log(System.Logger.Level.INFO, "unsafe command {0}: {1}, {2} chars, as {3}: {4} in {5} ms",
                command.id(), argv.program(), text.length(), where.target().userForLog(),
                result.success() ? "exit 0" : result.error(), r.durationMs());
        return result;
    }

    /** §10.3: success iff exit 0; the error says why it failed. */
    static ActionResult toResult(ExecResult r, Deadline deadline) {
        if (r.exitCode() == 0 && !r.timedOut()) {
            return new ActionResult(true, 0, r.stdout(), r.stderr(), null, null);
        }
        String error;
        if (r.timedOut()) {
            error = "timed out after " + deadline.seconds() + " s";
        } else if (r.startFailed()) {
            error = firstLine(r.stderr());
        } else if (r.exitCode() > 128 && r.exitCode() < 128 + 65) {
            error = "exit code " + r.exitCode() + " (killed by signal " + (r.exitCode() - 128) + ")";
        } else {
            error = "exit code " + r.exitCode();
        }
        return new ActionResult(false, r.exitCode(), r.stdout(), r.stderr(), null, error);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** {@code env_vars}: absent/null, or an object of string to string (§5.3). */
    static Optional<String> readEnv(Json field, Map<String, String> into) {
        if (field == null || field.isNull()) {
            return Optional.empty();
        }
        if (!(field instanceof JsonObject)) {
            return Optional.of("invalid env_vars: must be an object of strings");
        }
        for (Map.Entry<String, Json> e : ((JsonObject) field).fields().entrySet()) {
            String k = e.getKey();
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                return Optional.of("invalid env_vars: a variable name is empty or contains '=' or NUL");
            }
            if (!(e.getValue() instanceof JsonString)) {
                return Optional.of("invalid env_vars: the value of " + k + " is not a string");
            }
            String v = ((JsonString) e.getValue()).value();
            if (v.indexOf('\0') >= 0) {
                return Optional.of("invalid env_vars: the value of " + k + " contains NUL");
            }
            into.put(k, v);
        }
        return Optional.empty();
    }

    private ActionResult refused(InboundMessage.UnsafeCommand command, long startMillis, String program, String user,
                                 ActionResult result) {
        audit.record(new AuditRecord(startMillis, command.id(), "unsafe", program, user, 0, result.exitCode(),
                AuditRecord.digest(result.stdout(), result.stderr()), "rejected: " + result.error()));
        LOG.log(System.Logger.Level.INFO, "unsafe command {0} refused: {1}", command.id(), result.error());
        return result;
    }
}
