package org.infinibay.infiniservice.application.port.out.os;

import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * An OS operation could not be carried out (program missing, non-zero exit, unparseable output).
 * {@code exitCode} follows CONTRACT §9.2 (127 program not found, 124 deadline, else 1); the message
 * is a concise reason fit for the response's {@code error}.
 */
public class OsOperationException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public OsOperationException(int exitCode, String message, String stdout, String stderr) {
        super(message);
        this.exitCode = exitCode;
        this.stdout = stdout == null ? "" : stdout;
        this.stderr = stderr == null ? "" : stderr;
    }

    public OsOperationException(String message) {
        this(ExitCodes.FAILED, message, "", "");
    }

    public int exitCode() {
        return exitCode;
    }

    public String stdout() {
        return stdout;
    }

    public String stderr() {
        return stderr;
    }
}
