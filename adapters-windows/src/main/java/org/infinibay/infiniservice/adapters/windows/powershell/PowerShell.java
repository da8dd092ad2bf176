package org.infinibay.infiniservice.adapters.windows.powershell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.MalformedJsonException;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;

/**
 * Runs Windows PowerShell through the execution engine and reads its output as JSON — never as
 * formatted text, whose layout and language change between versions and locales.
 *
 * <p>The script travels as {@code -EncodedCommand} (base64 of UTF-16LE), so no quoting rule of the
 * Windows command line can alter it. The prologue makes output UTF-8, silences progress records
 * (they would otherwise be serialised into stderr as CLIXML) and stops on the first error.
 * Secrets are never put in a script: they go on stdin ({@link #runWithStdin}).
 */
public final class PowerShell {
    public static final String PROLOGUE = "$ErrorActionPreference='Stop';$ProgressPreference='SilentlyContinue';"
            + "[Console]::OutputEncoding=[Text.Encoding]::UTF8;";

    private final ProgramRunner runner;
    private final JsonCodec codec;
    private final String executable;

    public PowerShell(ProgramRunner runner, JsonCodec codec, String executable) {
        this.runner = runner;
        this.codec = codec;
        this.executable = executable;
    }

    /** The argv for {@code script}: {@code powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand …}. */
    public List<String> argv(String script) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        argv.addAll(List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-EncodedCommand",
                encode(PROLOGUE + script)));
        return argv;
    }

    public static String encode(String script) {
        return Base64.getEncoder().encodeToString(script.getBytes(StandardCharsets.UTF_16LE));
    }

    /** Runs {@code script} (which ends in {@code ConvertTo-Json}) and parses its stdout. */
    public Json json(String script, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = run(script, deadline, null);
        return parse(r.stdout(), codec);
    }

    /** Runs a script for its effect; a non-zero exit is a failure carrying PowerShell's error line. */
    public ExecResult run(String script, Deadline deadline, byte[] stdin)
            throws OsOperationException, InterruptedException {
        ExecResult r = runWithStdin(script, deadline, stdin);
        if (r.exitCode() != 0) {
            throw new OsOperationException(ExitCodes.FAILED, "PowerShell failed (exit " + r.exitCode() + ")"
                    + reason(r.stderr()), r.stdout(), r.stderr());
        }
        return r;
    }

    /** Runs a script, giving it {@code stdin} (e.g. a password read into a SecureString); any exit code. */
    public ExecResult runWithStdin(String script, Deadline deadline, byte[] stdin)
            throws OsOperationException, InterruptedException {
        ExecResult r = runner.run(new ExecRequest(argv(script), Map.of(), null, null, deadline, stdin));
        if (r.startFailed()) {
            throw new OsOperationException(ExitCodes.UNKNOWN_ACTION, executable + " could not be started",
                    r.stdout(), r.stderr());
        }
        if (r.timedOut()) {
            throw new OsOperationException(ExitCodes.TIMED_OUT, "timed out after " + deadline.seconds() + " s",
                    r.stdout(), r.stderr());
        }
        return r;
    }

    /** Parses ConvertTo-Json output; empty output (no objects) is an empty array. */
    public static Json parse(String stdout, JsonCodec codec) throws OsOperationException {
        String text = stdout == null ? "" : stdout.strip();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1).strip(); // a BOM from [Console]::OutputEncoding=UTF8 on 5.1
        }
        if (text.isEmpty()) {
            return JsonArray.EMPTY;
        }
        try {
            return codec.parse(text);
        } catch (MalformedJsonException e) {
            throw new OsOperationException(ExitCodes.FAILED, "unreadable PowerShell output: " + e.getMessage(),
                    "", "");
        }
    }

    /** The first line of a PowerShell error record: the message, without the CLIXML/position noise. */
    static String reason(String stderr) {
        if (stderr == null) {
            return "";
        }
        for (String line : stderr.split("\r?\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#< CLIXML") && !l.startsWith("At line:") && !l.startsWith("+")) {
                return ": " + (l.length() > 300 ? l.substring(0, 300) : l);
            }
        }
        return "";
    }

    /** A PowerShell single-quoted string literal for an already validated value. */
    public static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
