package org.infinibay.infiniservice.adapters.linux.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few fields of {@code /proc/<pid>/stat} that identify a process tree: state, process group,
 * session and start time (clock ticks since boot: with the pid, an identity no recycled pid has).
 * Parsed after the last {@code ')'} because the command name may contain spaces and parentheses.
 */
record ProcStat(long pid, char state, long ppid, long pgrp, long session, long startTime) {

    static Optional<ProcStat> parse(long pid, String line) {
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 > line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).split(" ");
        if (f.length < 20 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcStat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean zombie() {
        return state == 'Z' || state == 'X';
    }

    /** Every live process whose process group or session is {@code id} (the leader's pid). */
    static List<Long> membersOf(Path proc, long id) {
        List<Long> out = new ArrayList<>();
        for (ProcStat s : membersStats(proc, id)) {
            out.add(s.pid());
        }
        return out;
    }

    /** The stat of one process, if it is alive. */
    static Optional<ProcStat> of(Path proc, long pid) {
        return read(proc.resolve(Long.toString(pid)).resolve("stat"), pid);
    }

    /** Like {@link #membersOf}, with each member's stat. */
    static List<ProcStat> membersStats(Path proc, long id) {
        List<ProcStat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc)) {
            for (Path d : dirs) {
                String name = d.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(name);
                } catch (NumberFormatException e) {
                    continue;
                }
                Optional<ProcStat> read = read(d.resolve("stat"), pid);
                if (read.isPresent()) {
                    ProcStat s = read.get();
                    if (!s.zombie() && (s.pgrp() == id || s.session() == id)) {
                        out.add(s);
                    }
                }
            }
        } catch (IOException e) {
            // /proc unreadable: callers fall back to the ProcessHandle view
        }
        return out;
    }

    private static Optional<ProcStat> read(Path stat, long pid) {
        try {
            return parse(pid, Files.readString(stat, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty(); // the process exited while we looked
        }
    }
}
