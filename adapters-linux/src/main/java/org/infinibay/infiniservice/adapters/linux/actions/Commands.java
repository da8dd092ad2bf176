package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * Runs system programs through the one execution engine: argv only (never a shell), the caller's
 * deadline, {@code LC_ALL=C} so parsers see untranslated output.
 */
public final class Commands {
    private final ProgramRunner runner;
    private final Programs programs;

    public Commands(ProgramRunner runner, Programs programs) {
        this.runner = runner;
        this.programs = programs;
    }

    public Programs programs() {
        return programs;
    }

    /** Runs {@code program args...}; only a missing program or the deadline throw. */
    public ExecResult run(Deadline deadline, String program, String... args)
            throws OsOperationException, InterruptedException {
        return run(deadline, Map.of(), null, program, Arrays.asList(args));
    }

    public ExecResult run(Deadline deadline, Map<String, String> env, byte[] stdin, String program, List<String> args)
            throws OsOperationException, InterruptedException {
        String path = programs.find(program).orElseThrow(() -> new OsOperationException(ExitCodes.UNKNOWN_ACTION,
                program + " is not installed", "", ""));
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add(path);
        argv.addAll(args);
        Map<String, String> fullEnv = new java.util.HashMap<>(env);
        fullEnv.putIfAbsent("LC_ALL", "C");
        ExecResult r = runner.run(new ExecRequest(argv, fullEnv, null, null, deadline, stdin));
        if (r.startFailed()) {
            throw new OsOperationException(ExitCodes.UNKNOWN_ACTION, program + " could not be started", r.stdout(),
                    r.stderr());
        }
        if (r.timedOut()) {
            throw new OsOperationException(ExitCodes.TIMED_OUT, "timed out after " + deadline.seconds() + " s",
                    r.stdout(), r.stderr());
        }
        return r;
    }

    /** As {@link #run} but a non-zero exit is a failure carrying the program's last error line. */
    public CommandOutput require(Deadline deadline, Map<String, String> env, String program, List<String> args)
            throws OsOperationException, InterruptedException {
        ExecResult r = run(deadline, env, null, program, args);
        if (r.exitCode() != 0) {
            throw failed(program, r);
        }
        return new CommandOutput(r.exitCode(), r.stdout(), r.stderr());
    }

    public CommandOutput require(Deadline deadline, String program, String... args)
            throws OsOperationException, InterruptedException {
        return require(deadline, Map.of(), program, Arrays.asList(args));
    }

    static OsOperationException failed(String program, ExecResult r) {
        return new OsOperationException(ExitCodes.FAILED, program + " failed (exit " + r.exitCode() + ")"
                + reason(r), r.stdout(), r.stderr());
    }

    /** The most telling line: the last {@code E:}/error line of stderr, else its last line. */
    static String reason(ExecResult r) {
        String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
        String best = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("WARNING: apt does not have a stable CLI")) {
                continue;
            }
            if (l.startsWith("E:") || l.toLowerCase(java.util.Locale.ROOT).startsWith("error")) {
                best = l;
            } else if (best == null || !(best.startsWith("E:") || best.toLowerCase(java.util.Locale.ROOT)
                    .startsWith("error"))) {
                best = l;
            }
        }
        if (best == null) {
            return "";
        }
        return ": " + (best.length() > 300 ? best.substring(0, 300) : best);
    }
}
