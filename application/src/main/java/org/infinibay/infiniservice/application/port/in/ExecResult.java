package org.infinibay.infiniservice.application.port.in;

/**
 * The outcome: {@code exitCode} per CONTRACT §9.2 (124 timed out, 127 failed to start, 128+n killed
 * by signal n); output capped per §2.3.
 */
public record ExecResult(int exitCode, String stdout, String stderr, boolean stdoutTruncated,
                         boolean stderrTruncated, boolean timedOut, boolean startFailed, long durationMs) {
}
