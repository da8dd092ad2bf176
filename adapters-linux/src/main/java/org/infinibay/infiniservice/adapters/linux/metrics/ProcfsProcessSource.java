package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.adapters.linux.self.Auxv;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelf;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;
import org.infinibay.infiniservice.adapters.linux.system.SystemClocks;

/**
 * Every process from /proc/&lt;pid&gt;, with top-style CPU percent over the real wall interval since
 * the previous call (pitfall P11). The constructor takes the first reference, so the first
 * {@link #sample()} already reports real percentages.
 *
 * <p>Cheap by design: one reusable buffer, byte scanning without regex, no process spawn. Processes
 * that exit mid-read are skipped; files the agent may not read (another user's io) give 0/null.
 */
public final class ProcfsProcessSource implements ProcessSource {
    private static final int CMDLINE_MAX_CHARS = 4096;
    /** UTF-8 needs at most 4 bytes per char; reading more could never be sent. */
    private static final int CMDLINE_MAX_BYTES = CMDLINE_MAX_CHARS * 4;

    private final String procDir;
    private final LongSupplier nanoClock;
    private final ProcFile file = new ProcFile(4096);
    private final UserNames users;
    private final long pageKb;
    private final long clockTicks;
    private final long bootMillis;

    /** pid -> {utime+stime ticks, starttime}; starttime tells a reused pid from the same process. */
    private Map<Integer, long[]> previous = new HashMap<>();
    private Map<Integer, long[]> current = new HashMap<>();
    /**
     * pid -> exe and command line as read last time. Both only change on exec, which also changes the
     * comm of /proc/pid/stat, so (start time, comm) tells when they must be read again: two fewer reads
     * per process and cycle. A program that rewrites its own command line (setproctitle) is re-read
     * after {@link #IDENTITY_TTL_NANOS}.
     */
    private Map<Integer, Identity> identities = new HashMap<>();
    private Map<Integer, Identity> nextIdentities = new HashMap<>();

    private static final long IDENTITY_TTL_NANOS = 60_000_000_000L;

    private record Identity(long startTicks, String comm, String exe, String cmdLine, long readAt) {
    }
    private long previousAt;
    private long sampleAt;
    private boolean primed;

    public ProcfsProcessSource() {
        this("/", SystemClocks.NANOS);
    }

    ProcfsProcessSource(String root, LongSupplier nanoClock) {
        String r = root.endsWith("/") ? root : root + "/";
        this.procDir = r + "proc/";
        this.nanoClock = nanoClock;
        this.users = new UserNames(r);
        Auxv auxv = Auxv.read(r);
        this.pageKb = Math.max(1, auxv.pageSize() / 1024);
        this.clockTicks = auxv.clockTicks();
        this.bootMillis = readBootMillis();
        sample(); // reference for the first real interval
    }

    /** From {@code /proc/self}, read once (not {@code ProcessHandle}: see {@link ProcSelf}). */
    @Override
    public long ownPid() {
        return ProcSelf.pid();
    }

    @Override
    public synchronized List<ProcessMetric> sample() {
        String[] entries = new File(procDir).list();
        long now = nanoClock.getAsLong();
        sampleAt = now;
        double elapsedSeconds = primed ? (now - previousAt) / 1e9 : 0;
        List<ProcessMetric> out = new ArrayList<>(entries == null ? 0 : entries.length);
        current.clear();
        nextIdentities.clear();
        if (entries != null) {
            for (String name : entries) {
                int pid = parsePid(name);
                if (pid > 0) {
                    ProcessMetric m = read(pid, elapsedSeconds);
                    if (m != null) {
                        out.add(m);
                    }
                }
            }
        }
        // Swap maps: pids not seen this time (dead) are dropped with the old map.
        Map<Integer, long[]> t = previous;
        previous = current;
        current = t;
        Map<Integer, Identity> ids = identities;
        identities = nextIdentities;
        nextIdentities = ids;
        previousAt = now;
        primed = true;
        return out;
    }

    private ProcessMetric read(int pid, double elapsedSeconds) {
        String dir = procDir + pid + "/";
        int ppid;
        char state;
        long ticks;
        long startTicks;
        long rssPages;
        String comm;
        try {
            file.load(dir + "stat");
            // "pid (comm) S ppid ...": comm may contain spaces and ')', so scan from the last ')'.
            int open = indexOf(file.bytes(), file.length(), (byte) '(');
            int close = file.lastIndexOf((byte) ')');
            if (open < 0 || close < open) {
                return null;
            }
            comm = new String(file.bytes(), open + 1, close - open - 1, StandardCharsets.UTF_8);
            file.position(close + 1);
            String st = file.token();
            state = st == null || st.isEmpty() ? '?' : st.charAt(0);
            ppid = (int) file.decimal();
            file.skipTokens(9); // pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
            ticks = file.decimal() + file.decimal(); // utime + stime
            file.skipTokens(6); // cutime cstime priority nice num_threads itrealvalue
            startTicks = file.decimal();
            file.skipToken(); // vsize
            // rss (field 24) is the same get_mm_rss() value statm's second field reports; reading it
            // here saves one open/read per process.
            rssPages = file.decimal();
        } catch (IOException e) {
            return null; // exited between listing and reading
        }

        double cpu = 0.0;
        if (elapsedSeconds > 0) {
            long[] before = previous.get(pid);
            long delta = before != null && before[1] == startTicks ? ticks - before[0] : ticks;
            cpu = Math.max(0, delta) * 100.0 / (clockTicks * elapsedSeconds);
        }
        current.put(pid, new long[] {ticks, startTicks});

        long uid = -1;
        try {
            file.load(dir + "status");
            while (!file.atEnd()) {
                if (file.lineStartsWith("Uid:")) {
                    file.skipToken();
                    uid = file.decimal(); // real uid
                    break;
                }
                file.nextLine();
            }
        } catch (IOException e) {
            return null; // gone
        }

        long readBytes = 0;
        long writeBytes = 0;
        try {
            file.load(dir + "io");
            while (!file.atEnd()) {
                if (file.lineStartsWith("read_bytes:")) {
                    file.skipToken();
                    readBytes = file.decimal();
                } else if (file.lineStartsWith("write_bytes:")) {
                    file.skipToken();
                    writeBytes = file.decimal();
                }
                file.nextLine();
            }
        } catch (IOException e) {
            // another user's process without CAP_SYS_PTRACE: counters unknown
        }

        Identity id = identities.get(pid);
        if (id == null || id.startTicks() != startTicks || !id.comm().equals(comm)
                || sampleAt - id.readAt() > IDENTITY_TTL_NANOS) {
            id = new Identity(startTicks, comm, exePath(dir), cmdLine(dir), sampleAt);
        }
        nextIdentities.put(pid, id);
        long startMillis = bootMillis + startTicks * 1000 / clockTicks;
        return new ProcessMetric(pid, ppid, comm, id.exe(), id.cmdLine(), cpu, rssPages * pageKb, readBytes,
                writeBytes, status(state), bootMillis > 0 ? startMillis : null,
                uid >= 0 ? users.name(uid) : null);
    }

    private String cmdLine(String dir) {
        try {
            file.load(dir + "cmdline", CMDLINE_MAX_BYTES);
        } catch (IOException e) {
            return null;
        }
        byte[] b = file.bytes();
        int n = file.length();
        while (n > 0 && (b[n - 1] == 0 || b[n - 1] == ' ')) {
            n--;
        }
        if (n == 0) {
            return null; // kernel thread or zombie
        }
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                b[i] = ' ';
            }
        }
        String s = new String(b, 0, n, StandardCharsets.UTF_8);
        if (s.length() > CMDLINE_MAX_CHARS) {
            int cut = CMDLINE_MAX_CHARS;
            if (Character.isHighSurrogate(s.charAt(cut - 1))) {
                cut--;
            }
            s = s.substring(0, cut);
        }
        return s;
    }

    private static String exePath(String dir) {
        try {
            String p = Files.readSymbolicLink(Path.of(dir, "exe")).toString();
            return p.endsWith(" (deleted)") ? p.substring(0, p.length() - " (deleted)".length()) : p;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null; // kernel thread, zombie, or not permitted
        }
    }

    private long readBootMillis() {
        try {
            file.load(procDir + "stat");
            while (!file.atEnd()) {
                if (file.lineStartsWith("btime ")) {
                    file.skipToken();
                    return file.decimal() * 1000;
                }
                file.nextLine();
            }
        } catch (IOException e) {
            // unknown boot time: start_time is left out
        }
        return 0;
    }

    private static int parsePid(String name) {
        int v = 0;
        int n = name.length();
        if (n == 0 || n > 9) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int indexOf(byte[] b, int len, byte x) {
        for (int i = 0; i < len; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /** The §7.5 status of a {@code /proc/<pid>/stat} state letter. */
    static ProcessStatus status(char state) {
        switch (state) {
            case 'R': return ProcessStatus.RUNNING;
            case 'S': return ProcessStatus.SLEEPING;
            case 'D': return ProcessStatus.DISK_SLEEP;
            case 'I': return ProcessStatus.IDLE;
            case 'T': case 't': return ProcessStatus.STOPPED;
            case 'Z': return ProcessStatus.ZOMBIE;
            case 'X': case 'x': return ProcessStatus.DEAD;
            default: return ProcessStatus.UNKNOWN;
        }
    }
}
