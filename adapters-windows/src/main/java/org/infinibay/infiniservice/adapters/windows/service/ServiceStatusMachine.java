package org.infinibay.infiniservice.adapters.windows.service;

/**
 * What the agent reports to the service control manager and how it answers controls — the part of
 * the service entry that needs no native code, so it is tested on Linux. Pending states carry an
 * increasing check point and a wait hint, as the SCM requires, or it declares the service hung.
 * Thread-safe: the SCM calls the control handler on its own thread.
 */
public final class ServiceStatusMachine {
    public static final int SERVICE_CONTROL_STOP = 0x1;
    public static final int SERVICE_CONTROL_INTERROGATE = 0x4;
    public static final int SERVICE_CONTROL_SHUTDOWN = 0x5;
    public static final int SERVICE_CONTROL_DEVICEEVENT = 0xB;
    public static final int SERVICE_CONTROL_PRESHUTDOWN = 0xF;
    public static final int NO_ERROR = 0;
    public static final int ERROR_CALL_NOT_IMPLEMENTED = 120;
    /** Reported as the exit code when the agent body failed. */
    public static final int ERROR_SERVICE_SPECIFIC_ERROR = 1066;

    static final int START_WAIT_HINT_MILLIS = 30_000;
    static final int STOP_WAIT_HINT_MILLIS = 15_000;

    /** What the control handler must do besides reporting a status. */
    public enum ControlAction { STOP, REPORT, NONE }

    /** The handler's answer: the Win32 return value and the follow-up. */
    public record ControlDecision(int returnCode, ControlAction action) {
    }

    private ServiceStatus current = new ServiceStatus(ServiceStatus.SERVICE_STOPPED, 0, 0, 0, 0);
    private int checkPoint;

    public synchronized ServiceStatus starting() {
        checkPoint++;
        current = new ServiceStatus(ServiceStatus.SERVICE_START_PENDING, 0, NO_ERROR, checkPoint,
                START_WAIT_HINT_MILLIS);
        return current;
    }

    public synchronized ServiceStatus running() {
        checkPoint = 0;
        current = new ServiceStatus(ServiceStatus.SERVICE_RUNNING, ServiceStatus.SERVICE_ACCEPT_STOP
                | ServiceStatus.SERVICE_ACCEPT_SHUTDOWN | ServiceStatus.SERVICE_ACCEPT_PRESHUTDOWN, NO_ERROR, 0, 0);
        return current;
    }

    /** Each call while stopping advances the check point (the stop is still making progress). */
    public synchronized ServiceStatus stopping() {
        checkPoint++;
        current = new ServiceStatus(ServiceStatus.SERVICE_STOP_PENDING, 0, NO_ERROR, checkPoint,
                STOP_WAIT_HINT_MILLIS);
        return current;
    }

    public synchronized ServiceStatus stopped(boolean failed) {
        checkPoint = 0;
        current = new ServiceStatus(ServiceStatus.SERVICE_STOPPED, 0,
                failed ? ERROR_SERVICE_SPECIFIC_ERROR : NO_ERROR, 0, 0);
        return current;
    }

    public synchronized ServiceStatus current() {
        return current;
    }

    public synchronized boolean isStopRequested() {
        return current.currentState() == ServiceStatus.SERVICE_STOP_PENDING
                || current.currentState() == ServiceStatus.SERVICE_STOPPED;
    }

    /** The control handler's decision for {@code control} (HandlerEx semantics). */
    public synchronized ControlDecision onControl(int control) {
        switch (control) {
            case SERVICE_CONTROL_STOP:
            case SERVICE_CONTROL_SHUTDOWN:
            case SERVICE_CONTROL_PRESHUTDOWN:
                if (isStopRequested()) {
                    return new ControlDecision(NO_ERROR, ControlAction.REPORT);
                }
                return new ControlDecision(NO_ERROR, ControlAction.STOP);
            case SERVICE_CONTROL_INTERROGATE:
                return new ControlDecision(NO_ERROR, ControlAction.REPORT);
            case SERVICE_CONTROL_DEVICEEVENT:
                return new ControlDecision(NO_ERROR, ControlAction.NONE);
            default:
                return new ControlDecision(ERROR_CALL_NOT_IMPLEMENTED, ControlAction.NONE);
        }
    }
}
