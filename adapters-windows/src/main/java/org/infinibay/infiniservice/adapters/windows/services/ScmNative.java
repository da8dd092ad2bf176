package org.infinibay.infiniservice.adapters.windows.services;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Winsvc;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;

/** The two SCM calls jna-platform's Advapi32 does not bind: QueryServiceConfigW and ChangeServiceConfigW. */
public interface ScmNative extends StdCallLibrary {
    int SERVICE_NO_CHANGE = 0xFFFFFFFF;

    static ScmNative load() {
        return Native.load("Advapi32", ScmNative.class, W32APIOptions.UNICODE_OPTIONS);
    }

    boolean QueryServiceConfig(Winsvc.SC_HANDLE service, Pointer config, int size, IntByReference needed);

    boolean ChangeServiceConfig(Winsvc.SC_HANDLE service, int serviceType, int startType, int errorControl,
                                String binaryPath, String loadOrderGroup, IntByReference tagId, String dependencies,
                                String startName, String password, String displayName);
}
