package org.infinibay.infiniservice.application.port.out;

import java.nio.charset.StandardCharsets;
import org.infinibay.infiniservice.domain.crypto.Sha256;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * One audited execution.
 *
 * @param atMillis     wall-clock start, epoch milliseconds
 * @param id           the command id or script execution_id
 * @param kind         {@code unsafe} or {@code script}
 * @param program      the program or action name (never its arguments)
 * @param user         the account it ran as ({@code agent} when the agent's own)
 * @param durationMs   wall time of the execution, 0 when it never started
 * @param exitCode     CONTRACT §9.2 code
 * @param outputDigest lower-hex SHA-256 of the reported stdout followed by stderr (UTF-8)
 * @param decision     the policy decision: {@code allowed}, {@code rejected: <reason>}, ...
 */
public record AuditRecord(long atMillis, String id, String kind, String program, String user, long durationMs,
                          int exitCode, String outputDigest, String decision) {

    /** SHA-256 over {@code stdout} then {@code stderr}, as lower-case hex. */
    public static String digest(String stdout, String stderr) {
        Sha256 sha = new Sha256();
        sha.update((stdout == null ? "" : stdout).getBytes(StandardCharsets.UTF_8));
        sha.update((stderr == null ? "" : stderr).getBytes(StandardCharsets.UTF_8));
        byte[] d = sha.digest();
        StringBuilder hex = new StringBuilder(d.length * 2);
        for (byte b : d) {
            hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * The record as the audit file holds it: one JSON object on one line, every string escaped to
     * ASCII so a hostile id cannot forge a line. The same on every guest.
     */
    public String jsonLine() {
        return "{\"ts\":" + quote(Timestamps.format(atMillis))
                + ",\"id\":" + quote(id)
                + ",\"kind\":" + quote(kind)
                + ",\"program\":" + quote(program)
                + ",\"user\":" + quote(user)
                + ",\"duration_ms\":" + durationMs
                + ",\"exit_code\":" + exitCode
                + ",\"output_sha256\":" + quote(outputDigest)
                + ",\"decision\":" + quote(decision)
                + "}";
    }

    private static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c >= 0x7f) {
                b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                        .append(HEX[c & 0xf]); // by hand: String.format loads java.util.Formatter
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
