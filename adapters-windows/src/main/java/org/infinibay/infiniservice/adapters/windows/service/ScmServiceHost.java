package org.infinibay.infiniservice.adapters.windows.service;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Winsvc;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Registers the agent with the service control manager itself, through JNA — no third-party
 * wrapper: {@code StartServiceCtrlDispatcherW} with one service-main, a {@code HandlerEx} for
 * stop/shutdown/preshutdown/interrogate and status reporting per {@link ServiceStatusMachine}.
 *
 * <p>CONTRACT §1.6: whenever the SCM started the process, service mode is entered regardless of the
 * arguments. A process started by hand gets {@code ERROR_FAILED_SERVICE_CONTROLLER_CONNECT} (1063)
 * from the dispatcher at once and runs as a console program instead.
 */
public final class ScmServiceHost {
    private static final System.Logger LOG = Logs.get(ScmServiceHost.class);
    public static final String DEFAULT_SERVICE_NAME = "InfiniService";

    /** How {@link #dispatch} ended. */
    public enum Outcome { RAN_AS_SERVICE, NOT_STARTED_BY_SCM, DISPATCHER_FAILED }

    private final String serviceName;
    private final ServiceBody body;
    private final ServiceStatusMachine machine = new ServiceStatusMachine();
    private final AtomicReference<Winsvc.SERVICE_STATUS_HANDLE> handle = new AtomicReference<>();
    private final AtomicBoolean bodyFailed = new AtomicBoolean();
    // Kept in fields: the native side holds these callbacks for the life of the service.
    private final Winsvc.SERVICE_MAIN_FUNCTION main = this::serviceMain;
    private final Winsvc.HandlerEx handler = this::control;

    public ScmServiceHost(String serviceName, ServiceBody body) {
        this.serviceName = serviceName;
        this.body = body;
    }

    /** Blocks until the service has stopped when started by the SCM; returns at once otherwise. */
    public Outcome dispatch() {
        Winsvc.SERVICE_TABLE_ENTRY entry = new Winsvc.SERVICE_TABLE_ENTRY();
        entry.lpServiceName = serviceName;
        entry.lpServiceProc = main;
        Winsvc.SERVICE_TABLE_ENTRY[] table = (Winsvc.SERVICE_TABLE_ENTRY[]) entry.toArray(2);
        if (Advapi32.INSTANCE.StartServiceCtrlDispatcher(table)) {
            return bodyFailed.get() ? Outcome.DISPATCHER_FAILED : Outcome.RAN_AS_SERVICE;
        }
        // The error JNA saved right after the call: a separate GetLastError() call could see an error
        // of JNA's or the JVM's own system calls instead, and pick console mode (or fail) wrongly.
        int err = Native.getLastError();
        if (isNotAService(err)) {
            return Outcome.NOT_STARTED_BY_SCM;
        }
        LOG.log(Level.ERROR, "StartServiceCtrlDispatcher failed with Win32 error {0}", err);
        return Outcome.DISPATCHER_FAILED;
    }

    /** 1063: the process was not started by the SCM — run in the console. */
    public static boolean isNotAService(int win32Error) {
        return win32Error == 1063;
    }

    private void serviceMain(int argc, Pointer argv) {
        Winsvc.SERVICE_STATUS_HANDLE h = Advapi32.INSTANCE.RegisterServiceCtrlHandlerEx(serviceName, handler, null);
        if (h == null) {
            LOG.log(Level.ERROR, "RegisterServiceCtrlHandlerEx failed with Win32 error {0}",
                    Native.getLastError());
            return;
        }
        handle.set(h);
        report(machine.starting());
        boolean failed = false;
        try {
            body.run(() -> report(machine.running()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            failed = true;
            bodyFailed.set(true);
            LOG.log(Level.ERROR, "The agent failed in service mode", e);
        }
        report(machine.stopped(failed));
    }

    private int control(int control, int eventType, Pointer eventData, Pointer context) {
        ServiceStatusMachine.ControlDecision d = machine.onControl(control);
        if (d.action() == ServiceStatusMachine.ControlAction.STOP) {
            LOG.log(Level.INFO, "Service control {0}: stopping", control);
            report(machine.stopping());
            Thread stopper = new Thread(body::stop, "infiniservice-scm-stop"); // the handler must return fast
            stopper.setDaemon(true);
            stopper.start();
        } else if (d.action() == ServiceStatusMachine.ControlAction.REPORT) {
            report(machine.current());
        }
        return d.returnCode();
    }

    private void report(ServiceStatus s) {
        Winsvc.SERVICE_STATUS_HANDLE h = handle.get();
        if (h == null) {
            return;
        }
        Winsvc.SERVICE_STATUS st = new Winsvc.SERVICE_STATUS();
        st.dwServiceType = ServiceStatus.SERVICE_WIN32_OWN_PROCESS;
        st.dwCurrentState = s.currentState();
        st.dwControlsAccepted = s.controlsAccepted();
        st.dwWin32ExitCode = s.win32ExitCode();
        st.dwServiceSpecificExitCode = s.win32ExitCode() == ServiceStatusMachine.ERROR_SERVICE_SPECIFIC_ERROR ? 1 : 0;
        st.dwCheckPoint = s.checkPoint();
        st.dwWaitHint = s.waitHintMillis();
        if (!Advapi32.INSTANCE.SetServiceStatus(h, st)) {
            LOG.log(Level.WARNING, "SetServiceStatus failed with Win32 error {0}", Native.getLastError());
        }
    }
}
