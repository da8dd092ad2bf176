package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.junit.jupiter.api.Test;

/** Inbound framing with the real agent: §13 items 4, 5 and bad input that must not hurt. */
class FramingIT extends AgentHarness {

    @Test
    void splitLinesOversizedLinesAndGarbageNeverStopTheChannel() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        // two lines in one write
        String two = h.envelope(HostSimulator.safeCommand(a, "X", 30), now(h), UUID.randomUUID().toString()) + "\n"
                + h.envelope(HostSimulator.safeCommand(b, "Y", 30), now(h), UUID.randomUUID().toString()) + "\n";
        h.sendBytes(two.getBytes(StandardCharsets.UTF_8));
        h.awaitResponse(a, Duration.ofSeconds(3));
        h.awaitResponse(b, Duration.ofSeconds(3));

        // a 9 MiB line is discarded, the next line is still processed
        byte[] huge = new byte[9 * 1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 'x');
        huge[huge.length - 1] = '\n';
        h.sendBytes(huge);
        // garbage: invalid UTF-8, malformed JSON, wrong types, empty lines, CRLF
        h.sendBytes(new byte[] {(byte) 0xC3, (byte) 0x28, '\n', '{', '\n', '\r', '\n'});
        h.sendRaw("{\"type\":\"signed\",\"v\":\"1\",\"ts\":\"x\",\"nonce\":5,\"payload\":[],\"sig\":null}");
        String c = UUID.randomUUID().toString();
        h.sendBytes((h.envelope(HostSimulator.safeCommand(c, "Z", 30), now(h), UUID.randomUUID().toString()) + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        h.awaitResponse(c, Duration.ofSeconds(10));

        // a 6 MiB line written in many small pieces is assembled and processed
        String d = UUID.randomUUID().toString();
        String pad = "p".repeat(6 * 1024 * 1024);
        String big = h.envelope("{\"type\":\"SafeCommand\",\"id\":\"" + d + "\",\"command_type\":{\"action\":\"Big\"},"
                + "\"pad\":\"" + pad + "\",\"timeout\":30}", now(h), UUID.randomUUID().toString()) + "\n";
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; off += 7001) {
            h.sendBytes(Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + 7001)));
        }
        assertEquals(127, h.awaitResponse(d, Duration.ofSeconds(15)).json().integer("exit_code").getAsLong());
        assertEquals(1, h.connections(), "the device stayed open throughout");
    }

    private static long now(HostSimulator h) {
        return System.currentTimeMillis() + h.clockOffsetMs();
    }
}
