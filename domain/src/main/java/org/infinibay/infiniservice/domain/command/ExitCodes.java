package org.infinibay.infiniservice.domain.command;

/** Exit codes of CONTRACT §9.2. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_PARAMETERS = 2;
    public static final int TIMED_OUT = 124;
    public static final int NOT_SUPPORTED = 126;
    public static final int UNKNOWN_ACTION = 127;

    private ExitCodes() {
    }
}
