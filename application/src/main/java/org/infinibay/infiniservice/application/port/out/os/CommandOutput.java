package org.infinibay.infiniservice.application.port.out.os;

/** What an OS operation printed, for the response's {@code stdout}/{@code stderr}. */
public record CommandOutput(int exitCode, String stdout, String stderr) {
    public static final CommandOutput NONE = new CommandOutput(0, "", "");

    public CommandOutput {
        stdout = stdout == null ? "" : stdout;
        stderr = stderr == null ? "" : stderr;
    }
}
