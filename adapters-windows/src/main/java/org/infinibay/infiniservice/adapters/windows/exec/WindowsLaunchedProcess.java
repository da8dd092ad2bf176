package org.infinibay.infiniservice.adapters.windows.exec;

import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;

/** A child and its Job object; closing the job handle kills whatever is left of the tree. */
final class WindowsLaunchedProcess implements LaunchedProcess {
    private final Process process;
    private final WinNT.HANDLE job;
    private final InputStream stdout;
    private final InputStream stderr;
    private final AtomicBoolean jobClosed = new AtomicBoolean();

    WindowsLaunchedProcess(Process process, WinNT.HANDLE job, Charset oem) {
        this.process = process;
        this.job = job;
        this.stdout = new OemFallbackInputStream(process.getInputStream(), oem);
        this.stderr = new OemFallbackInputStream(process.getErrorStream(), oem);
    }

    @Override
    public long pid() {
        return process.pid();
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
        return process.getOutputStream();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        boolean exited = process.waitFor(timeout, unit);
        if (exited && !treeAlive()) {
            closeJob();
        }
        return exited;
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    /** Windows has no gentle signal for a console tree: terminating the job is the stop. */
    @Override
    public void terminateTree() {
        killTree();
    }

    @Override
    public void killTree() {
        if (!jobClosed.get()) {
            JobObjects.INSTANCE.TerminateJobObject(job, 1);
        }
        process.destroyForcibly();
    }

    @Override
    public boolean treeAlive() {
        return process.isAlive() || process.descendants().anyMatch(ProcessHandle::isAlive);
    }

    private void closeJob() {
        if (jobClosed.compareAndSet(false, true)) {
            Kernel32.INSTANCE.CloseHandle(job);
        }
    }
}
