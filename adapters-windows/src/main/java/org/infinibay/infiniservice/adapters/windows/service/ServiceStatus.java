package org.infinibay.infiniservice.adapters.windows.service;

/** The values of one {@code SetServiceStatus} call (the SERVICE_STATUS structure, own-process service). */
public record ServiceStatus(int currentState, int controlsAccepted, int win32ExitCode, int checkPoint,
                            int waitHintMillis) {
    public static final int SERVICE_WIN32_OWN_PROCESS = 0x10;
    public static final int SERVICE_STOPPED = 1;
    public static final int SERVICE_START_PENDING = 2;
    public static final int SERVICE_STOP_PENDING = 3;
    public static final int SERVICE_RUNNING = 4;
    public static final int SERVICE_ACCEPT_STOP = 0x1;
    public static final int SERVICE_ACCEPT_SHUTDOWN = 0x4;
    public static final int SERVICE_ACCEPT_PRESHUTDOWN = 0x100;
}
