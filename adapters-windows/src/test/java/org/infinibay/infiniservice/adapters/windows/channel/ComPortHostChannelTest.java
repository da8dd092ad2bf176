package org.infinibay.infiniservice.adapters.windows.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The explicit COM-port channel on a real serial line: jSerialComm runs on Linux too, so the channel
 * reads a pseudo-terminal whose other end a small Python process writes (the bytes a UART would
 * carry). The Windows-only part is the port name.
 */
class ComPortHostChannelTest {
    private static final String PTY_HOST = String.join("\n",
            "import os, pty, sys, tty",
            "m, s = pty.openpty()",
            "tty.setraw(s)",
            "print(os.ttyname(s), flush=True)",
            "for line in sys.stdin:",
            "    os.write(m, line.encode())",
            "");

    @Test
    void aListenerThatThrowsNeverEndsTheReceiveLoop() throws Exception {
        Process host;
        try {
            host = new ProcessBuilder("python3", "-c", PTY_HOST).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("python3 is not installed: " + e.getMessage());
            return;
        }
        ComPortHostChannel channel = null;
        Thread t = null;
        try {
            String tty = new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertTrue(tty != null && tty.startsWith("/dev/"), "pty: " + tty);
            FailingCore failing = new FailingCore();
            RecordingListener seen = failing.seen;
            ComPortHostChannel c = new ComPortHostChannel(tty);
            channel = c;
            t = new Thread(() -> {
                try {
                    c.run(failing);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-com-receive");
            t.setDaemon(true);
            t.start();
            assertTrue(seen.await("attached", 1));
            Thread.sleep(200); // the port is open and configured before the bytes arrive
            OutputStream toHost = host.getOutputStream();
            toHost.write("{\"boom\":1}\n{\"deep\":1}\n{\"after\":1}\n".getBytes(StandardCharsets.UTF_8));
            toHost.flush();
            assertTrue(seen.await("line:{\"after\":1}", 1), seen.events.toString());
            assertEquals(java.util.List.of("attached", "line:{\"boom\":1}", "line:{\"deep\":1}", "line:{\"after\":1}"),
                    seen.events);
            assertEquals("serial:" + tty, c.describe());
        } finally {
            if (channel != null) {
                channel.close();
            }
            if (t != null) {
                t.join(5_000);
                assertFalse(t.isAlive(), "run() returns after close()");
            }
            host.destroy();
            host.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
