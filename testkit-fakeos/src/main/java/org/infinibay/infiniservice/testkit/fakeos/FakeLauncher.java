package org.infinibay.infiniservice.testkit.fakeos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;

/**
 * Starts "programs" in memory: {@code fakesh -c <text>} and {@code fakesh <script file>} interpret one
 * command per line ({@code echo <words>} prints them, {@code exit <n>} ends with n, {@code true} does
 * nothing); any other program is not found. Every argv is recorded on the machine.
 */
final class FakeLauncher implements ProcessLauncher {
    private final FakeMachine machine;
    private final AtomicInteger pids = new AtomicInteger(1000);

    FakeLauncher(FakeMachine machine) {
        this.machine = machine;
    }

    @Override
    public String containment() {
        return "in memory (nothing outlives a command)";
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        List<String> argv = spec.command();
        machine.ran(argv);
        if (argv.isEmpty() || !argv.get(0).equals(FakeShells.SHELL)) {
            throw new IOException("Cannot run program \"" + (argv.isEmpty() ? "" : argv.get(0)) + "\": not found");
        }
        String text;
        if (argv.size() == 3 && argv.get(1).equals("-c")) {
            text = argv.get(2);
        } else if (argv.size() == 2) {
            text = machine.files.get(argv.get(1));
            if (text == null) {
                return new Finished(pids.incrementAndGet(), "", "fakesh: " + argv.get(1) + ": no such file\n", 127);
            }
        } else {
            return new Finished(pids.incrementAndGet(), "", "fakesh: usage\n", 2);
        }
        StringBuilder out = new StringBuilder();
        int code = 0;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("echo ")) {
                out.append(l.substring(5)).append('\n');
            } else if (l.startsWith("exit ")) {
                code = Integer.parseInt(l.substring(5).strip());
                break;
            } else if (!l.isEmpty() && !l.equals("true")) {
                return new Finished(pids.incrementAndGet(), out.toString(), "fakesh: " + l.split(" ")[0]
                        + ": command not found\n", 127);
            }
        }
        return new Finished(pids.incrementAndGet(), out.toString(), "", code);
    }

    /** A program that has already ended. */
    private static final class Finished implements LaunchedProcess {
        private final long pid;
        private final InputStream stdout;
        private final InputStream stderr;
        private final int exitCode;

        Finished(long pid, String stdout, String stderr, int exitCode) {
            this.pid = pid;
            this.stdout = new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8));
            this.stderr = new ByteArrayInputStream(stderr.getBytes(StandardCharsets.UTF_8));
            this.exitCode = exitCode;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public InputStream stdout() {
            return stdout;
        }

        @Override
        public InputStream stderr() {
            return stderr;
        }

        @Override
        public OutputStream stdin() {
            return new ByteArrayOutputStream();
        }

        @Override
        public boolean waitFor(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public int exitCode() {
            return exitCode;
        }

        @Override
        public void terminateTree() {
        }

        @Override
        public void killTree() {
        }

        @Override
        public boolean treeAlive() {
            return false;
        }
    }
}
