package org.infinibay.infiniservice.adapters.windows.exec;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Starts programs inside a Job object with kill-on-close (CONTRACT §10.2), so terminating the job
 * stops the whole tree — grandchildren of {@code cmd.exe} included (pitfall P9).
 *
 * <p>Command lines: the JDK joins argv elements with single spaces and adds no quotes to an element
 * that already starts and ends with {@code "} (its default, "legacy" verification), so the
 * {@code cmd.exe /d /s /c "<raw>"} line of {@link WindowsShells} reaches cmd.exe exactly as
 * {@link WindowsShells#commandLine} builds it (verified by the {@code windows}-tagged test).
 * {@link #expectedCommandLine} states that rule for the Linux tests.
 *
 * <p>The child is assigned to the job right after start; a grandchild spawned in that first instant
 * would escape the job (a CREATE_SUSPENDED native start would close the gap: not done here).
 */
public final class WindowsProcessLauncher implements ProcessLauncher {
    private static final System.Logger LOG = Logs.get(WindowsProcessLauncher.class);
    /** The console's OEM code page; asked of kernel32 at the first launch, not when the launcher is made. */
    private volatile Charset oem;

    /**
     * Loads no native library: kernel32 is reached at the first {@link #launch}, so the wiring (and a
     * test that builds the Windows component on Linux) can create the launcher anywhere.
     */
    public WindowsProcessLauncher() {
    }

    WindowsProcessLauncher(Charset oem) {
        this.oem = oem;
    }

    private Charset oem() {
        Charset c = oem;
        if (c == null) {
            c = OemFallbackInputStream.charsetFor(JobObjects.INSTANCE.GetOEMCP());
            oem = c;
        }
        return c;
    }

    /**
     * A Job object with kill-on-close: every descendant is in the job, and the job dies with its
     * last handle, so even the agent's own death (killed, crashed) takes the tree with it and there
     * is nothing for {@link #stopLeftover} to find after a restart.
     */
    @Override
    public String containment() {
        return "Job object (kill on close)";
    }

    @Override
    public LaunchedProcess launch(LaunchSpec spec) throws IOException {
        if (spec.runAsUser() != null && !spec.runAsUser().isEmpty()) {
            // the engine refuses named accounts before this point (§10.2); never run as someone else silently
            throw new IOException("run_as is not supported on Windows");
        }
        ProcessBuilder pb = new ProcessBuilder(spec.command());
        pb.environment().clear();
        pb.environment().putAll(spec.environment());
        if (spec.workingDirectory() != null) {
            pb.directory(new File(spec.workingDirectory()));
        }
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        WinNT.HANDLE job = createJob();
        Process p = pb.start();
        assign(job, p.pid());
        return new WindowsLaunchedProcess(p, job, oem());
    }

    /** The command line the JDK builds on Windows for {@code argv} (legacy verification). */
    public static String expectedCommandLine(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean quoted = a.length() > 1 && a.startsWith("\"") && a.endsWith("\"");
            boolean needs = !quoted && (a.isEmpty() || a.indexOf(' ') >= 0 || a.indexOf('\t') >= 0);
            sb.append(needs ? "\"" + a + "\"" : a);
        }
        return sb.toString();
    }

    private static WinNT.HANDLE createJob() throws IOException {
        WinNT.HANDLE job = JobObjects.INSTANCE.CreateJobObject(null, null);
        if (job == null) {
            throw new IOException("CreateJobObject failed: " + Native.getLastError());
        }
        JobObjects.ExtendedLimits limits = new JobObjects.ExtendedLimits();
        limits.BasicLimitInformation.LimitFlags = JobObjects.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
        limits.write();
        if (!JobObjects.INSTANCE.SetInformationJobObject(job, JobObjects.JobObjectExtendedLimitInformation,
                limits.getPointer(), limits.size())) {
            int err = Native.getLastError();
            Kernel32.INSTANCE.CloseHandle(job);
            throw new IOException("SetInformationJobObject failed: " + err);
        }
        return job;
    }

    private static void assign(WinNT.HANDLE job, long pid) {
        WinNT.HANDLE h = Kernel32.INSTANCE.OpenProcess(JobObjects.PROCESS_SET_QUOTA | JobObjects.PROCESS_TERMINATE,
                false, (int) pid);
        if (h == null || !JobObjects.INSTANCE.AssignProcessToJobObject(job, h)) {
            LOG.log(Level.WARNING, "Could not put pid {0} in a job object (error {1}); only it can be stopped",
                    pid, Native.getLastError());
        }
        if (h != null) {
            Kernel32.INSTANCE.CloseHandle(h);
        }
    }

    static boolean isCmd(List<String> argv) {
        return !argv.isEmpty() && argv.get(0).toLowerCase(Locale.ROOT).endsWith(WindowsShells.CMD);
    }
}
