package org.infinibay.infiniservice.adapters.windows.channel;

/**
 * How the vioserial driver's error codes are read (CONTRACT §3.3, §3.6). Host absence is reported
 * less uniformly than on Linux: these codes mean "no host right now" and keep the handle; the
 * device-level ones close and reopen it; anything else is unexpected and also reopens.
 */
public final class Win32Errors {
    public static final int ERROR_FILE_NOT_FOUND = 2;
    public static final int ERROR_PATH_NOT_FOUND = 3;
    public static final int ERROR_ACCESS_DENIED = 5;
    public static final int ERROR_INVALID_HANDLE = 6;
    public static final int ERROR_GEN_FAILURE = 31;
    public static final int ERROR_SHARING_VIOLATION = 32;
    public static final int ERROR_BROKEN_PIPE = 109;
    public static final int ERROR_NO_DATA = 232;
    public static final int ERROR_PIPE_NOT_CONNECTED = 233;
    public static final int ERROR_OPERATION_ABORTED = 995;
    public static final int ERROR_IO_INCOMPLETE = 996;
    public static final int ERROR_IO_PENDING = 997;
    public static final int ERROR_DEVICE_NOT_CONNECTED = 1167;
    public static final int ERROR_DEVICE_REMOVED = 1617;
    public static final int ERROR_FAILED_SERVICE_CONTROLLER_CONNECT = 1063;
    public static final int ERROR_BAD_COMMAND = 22;
    public static final int ERROR_NOT_READY = 21;

    /** What an error code means for the channel. */
    public enum Meaning {
        /** No host attached; keep the handle (§3.3). */
        DETACHED,
        /** The device is gone or unusable; close it and reopen on the back-off timer (§3.6). */
        DEVICE_LOST,
        /** The operation was cancelled by us ({@code CancelIoEx}); collect its result. */
        CANCELLED,
        /** Not expected from this driver: logged, then treated as device-level. */
        UNEXPECTED
    }

    private Win32Errors() {
    }

    public static Meaning classify(int code) {
        switch (code) {
            case ERROR_BROKEN_PIPE:
            case ERROR_NO_DATA:
            case ERROR_PIPE_NOT_CONNECTED:
                return Meaning.DETACHED;
            case ERROR_INVALID_HANDLE:
            case ERROR_FILE_NOT_FOUND:
            case ERROR_PATH_NOT_FOUND:
            case ERROR_DEVICE_NOT_CONNECTED:
            case ERROR_DEVICE_REMOVED:
            case ERROR_GEN_FAILURE:
            case ERROR_NOT_READY:
            case ERROR_BAD_COMMAND:
                return Meaning.DEVICE_LOST;
            case ERROR_OPERATION_ABORTED:
                return Meaning.CANCELLED;
            default:
                return Meaning.UNEXPECTED;
        }
    }

    /** For an open attempt: the device is simply not there (keep waiting for arrival, §1.4 row 5). */
    public static boolean meansAbsent(int code) {
        return code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND || code == ERROR_DEVICE_NOT_CONNECTED;
    }
}
