package org.infinibay.infiniservice.adapters.windows.archfixture;

import com.sun.jna.platform.win32.Kernel32;

/**
 * Planted violation for {@code NativeCallRulesTest}: reads the thread's last error through a JNA
 * call of its own, after JNA (and the JVM) may already have overwritten it. Never executed.
 */
public final class ReadsLastErrorDirectly {
    private ReadsLastErrorDirectly() {
    }

    static int lastError() {
        return Kernel32.INSTANCE.GetLastError();
    }
}
