package org.infinibay.infiniservice.adapters.windows.actions;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;

/** RebootSystem / power-off through {@code shutdown.exe} (CONTRACT §8.5.13: {@code /r /t 0}, {@code /f} when forced). */
public final class WindowsPowerControl implements PowerControl {
    private final ProgramRunner runner;
    private final String shutdownExe;

    public WindowsPowerControl(ProgramRunner runner, String systemRoot) {
        this.runner = runner;
        this.shutdownExe = (systemRoot == null || systemRoot.isBlank() ? "C:\\Windows" : systemRoot)
                + "\\System32\\shutdown.exe";
    }

    public static List<String> rebootArgv(String exe, boolean force) {
        List<String> argv = new ArrayList<>(List.of(exe, "/r", "/t", "0"));
        if (force) {
            argv.add("/f");
        }
        return argv;
    }

    @Override
    public void reboot(boolean force) throws OsOperationException, InterruptedException {
        run(rebootArgv(shutdownExe, force));
    }

    @Override
    public void powerOff() throws OsOperationException, InterruptedException {
        run(List.of(shutdownExe, "/s", "/t", "0"));
    }

    private void run(List<String> argv) throws OsOperationException, InterruptedException {
        ExecResult r = runner.run(ExecRequest.of(argv, Deadline.forWireTimeout(System.nanoTime(), 32)));
        if (r.exitCode() != 0) {
            throw new OsOperationException(1, "shutdown.exe failed (exit " + r.exitCode() + ")", r.stdout(), r.stderr());
        }
    }
}
