package org.infinibay.infiniservice.adapters.windows.actions;

import java.util.List;
import java.util.Locale;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.IntegrityReport;

/**
 * CheckSystemIntegrity on Windows (CONTRACT §8.5.10, program {@code DISM}): {@code DISM /Online
 * /Cleanup-Image /CheckHealth}, the fast check of whether the component store is flagged as corrupt
 * (ScanHealth takes minutes, longer than the host's default timeout). A non-zero exit, or output that
 * reports the store repairable or corrupted, counts as issues found.
 */
public final class DismIntegrityChecker implements IntegrityChecker {
    private final ProgramRunner runner;
    private final String dismExe;

    public DismIntegrityChecker(ProgramRunner runner, String systemRoot) {
        this.runner = runner;
        this.dismExe = (systemRoot == null || systemRoot.isBlank() ? "C:\\Windows" : systemRoot)
                + "\\System32\\Dism.exe";
    }

    public static List<String> argv(String dismExe) {
        return List.of(dismExe, "/Online", "/Cleanup-Image", "/CheckHealth", "/English");
    }

    @Override
    public IntegrityReport check(Deadline deadline) throws InterruptedException {
        ExecResult r = runner.run(ExecRequest.of(argv(dismExe), deadline));
        if (r.startFailed()) {
            return new IntegrityReport("DISM", false, r.exitCode(), false,
                    new CommandOutput(r.exitCode(), r.stdout(), r.stderr()));
        }
        return new IntegrityReport("DISM", true, r.exitCode(), issuesFound(r.exitCode(), r.stdout()),
                new CommandOutput(r.exitCode(), r.stdout(), r.stderr()));
    }

    /**
     * DISM's CheckHealth verdicts (run with {@code /English} so the wording is stable): "No component
     * store corruption detected.", "The component store is repairable.", "The component store cannot be
     * repaired."
     */
    static boolean issuesFound(int exitCode, String stdout) {
        if (exitCode != 0) {
            return true;
        }
        String text = stdout.toLowerCase(Locale.ROOT);
        if (text.contains("no component store corruption detected")) {
            return false;
        }
        return text.contains("repairable") || text.contains("cannot be repaired") || text.contains("corrupt");
    }
}
