package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** A real throw-away local account made with useradd (needs root; skipped otherwise). */
final class TestUser implements AutoCloseable {
    final String name;
    final String home;

    private TestUser(String name) {
        this.name = name;
        this.home = "/home/" + name;
    }

    static TestUser create() throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "run_as tests need root to create a user with useradd; skipped");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")), "useradd missing; skipped");
        String name = "isvct" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        TestUser u = new TestUser(name);
        run("/usr/sbin/useradd", "-m", "-d", u.home, "-s", "/bin/bash", name);
        return u;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("/usr/sbin/userdel", "-r", "-f", name);
    }

    private static void run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + new String(out));
        }
    }
}
