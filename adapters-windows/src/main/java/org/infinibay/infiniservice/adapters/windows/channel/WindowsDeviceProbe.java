package org.infinibay.infiniservice.adapters.windows.channel;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import java.util.List;
import java.util.Optional;

/**
 * For {@code diagnose} on Windows: which of the §1.4 candidates exists, without taking the port from
 * the running service. Each candidate is opened for no access at all (metadata only) and closed at
 * once; "access denied", "sharing violation" or "pipe busy" mean the device is there and held — by
 * the service, normally.
 */
public final class WindowsDeviceProbe {
    static final int ERROR_PIPE_BUSY = 231;

    /** What one open attempt says about a candidate. */
    public enum Presence { PRESENT, IN_USE, ABSENT, ERROR }

    /** A found device: its path and how it was seen. */
    public record Found(String path, String how) {
    }

    private WindowsDeviceProbe() {
    }

    /** The meaning of an open's Win32 error code (0 = opened). */
    public static Presence presence(int win32Error) {
        if (win32Error == 0) {
            return Presence.PRESENT;
        }
        if (Win32Errors.meansAbsent(win32Error)) {
            return Presence.ABSENT;
        }
        if (win32Error == Win32Errors.ERROR_ACCESS_DENIED || win32Error == Win32Errors.ERROR_SHARING_VIOLATION
                || win32Error == ERROR_PIPE_BUSY) {
            return Presence.IN_USE;
        }
        return Presence.ERROR;
    }

    /** The first candidate that exists; else empty, with one reason per candidate in {@code reasons}. */
    public static Optional<Found> find(String override, List<String> reasons) {
        for (String path : new WindowsDeviceLocator(override).candidates()) {
            int err = open(path);
            Presence p = presence(err);
            switch (p) {
                case PRESENT:
                    return Optional.of(new Found(path, "opened"));
                case IN_USE:
                    return Optional.of(new Found(path, "in use (Win32 error " + err + "): held by the running service?"));
                case ABSENT:
                    reasons.add(path + " does not exist (Win32 error " + err + ")");
                    break;
                default:
                    reasons.add(path + " cannot be opened (Win32 error " + err + ")");
            }
        }
        return Optional.empty();
    }


    private static int open(String path) {
        WinNT.HANDLE h = Kernel32.INSTANCE.CreateFile(path, 0, WinNT.FILE_SHARE_READ | WinNT.FILE_SHARE_WRITE, null,
                WinNT.OPEN_EXISTING, 0, null);
        if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
            return Native.getLastError();
        }
        Kernel32.INSTANCE.CloseHandle(h);
        return 0;
    }
}
