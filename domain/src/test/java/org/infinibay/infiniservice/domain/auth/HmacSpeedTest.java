package org.infinibay.infiniservice.domain.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * What verifying an envelope's MAC costs with the agent's own SHA-256 against the JDK's HmacSHA256
 * (intrinsics-free {@code sun.security.provider.SHA2} under C1), measured in the same JVM, one after
 * the other, best of several rounds. Surefire runs the tests with {@code -XX:TieredStopAtLevel=1},
 * like the agent (bootstrap/jvm.options). Prints the figures; fails only when a MAC of a 1 KiB
 * envelope costs more than 1 ms (the agent verifies a handful of commands per second at most).
 */
class HmacSpeedTest {
    @Test
    void macOfA1KiBAnd64KiBEnvelopeAgainstTheJdk() throws Exception {
        String flags = ProcessHandle.current().info().commandLine().orElse("?");
        byte[] key = "8c795cdb96374e158cec21313bb2acae569823cd922e02ddd0784f081737ecdd".getBytes(StandardCharsets.US_ASCII);
        byte[] head = "1\n1700000000000\n00000000-0000-4000-8000-000000000000\n".getBytes(StandardCharsets.US_ASCII);
        HmacSha256 ours = new HmacSha256(key);
        Mac jdk = Mac.getInstance("HmacSHA256");
        jdk.init(new SecretKeySpec(key, "HmacSHA256"));
        StringBuilder report = new StringBuilder("HMAC-SHA256 per envelope (" + (flags.contains("TieredStopAtLevel=1")
                ? "C1 only" : "flags unknown or C2") + "):");
        for (int size : new int[] {1024, 64 * 1024}) {
            byte[] line = new byte[size + 40];
            Arrays.fill(line, (byte) 'x');
            int start = 20;
            jdk.update(head);
            jdk.update(line, start, size);
            assertArrayEquals(jdk.doFinal(), ours.mac(head, 0, head.length, line, start, size));
            int iterations = size == 1024 ? 5_000 : 100;
            long bestOurs = Long.MAX_VALUE;
            long bestJdk = Long.MAX_VALUE;
            int sink = 0;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    sink += ours.mac(head, 0, head.length, line, start, size)[0];
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < iterations; i++) {
                    jdk.update(head);
                    jdk.update(line, start, size);
                    sink += jdk.doFinal()[0];
                }
                long t2 = System.nanoTime();
                bestOurs = Math.min(bestOurs, (t1 - t0) / iterations);
                bestJdk = Math.min(bestJdk, (t2 - t1) / iterations);
            }
            report.append(String.format(" %d B: ours %.1f us, JDK Mac %.1f us, ratio %.2f (%d);", size,
                    bestOurs / 1e3, bestJdk / 1e3, (double) bestOurs / bestJdk, sink & 1));
            if (size == 1024) {
                assertTrue(bestOurs < 1_000_000, "a 1 KiB envelope's MAC costs " + bestOurs + " ns");
            }
        }
        System.out.println(report);
    }
}
