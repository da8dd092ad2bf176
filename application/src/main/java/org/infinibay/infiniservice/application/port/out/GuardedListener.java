package org.infinibay.infiniservice.application.port.out;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Keeps a failing listener from ending the receive loop: whatever it throws, errors such as
 * {@code OutOfMemoryError} included, is logged without line content (at most one ERROR a minute,
 * with the count of the others) and the loop goes on. Every channel adapter wraps the core's
 * listener in one ({@link #guard}), so no channel keeps a copy of its own.
 */
public final class GuardedListener implements HostChannelListener {
    private static final System.Logger LOG = Logs.get(GuardedListener.class);
    private final HostChannelListener delegate;
    private final LogWindow failures = new LogWindow();

    private GuardedListener(HostChannelListener delegate) {
        this.delegate = delegate;
    }

    /** {@code listener} behind a guard (itself when it already is one). */
    public static HostChannelListener guard(HostChannelListener listener) {
        return listener instanceof GuardedListener ? listener : new GuardedListener(listener);
    }

    @Override
    public void attached() {
        try {
            delegate.attached();
        } catch (Throwable e) { // nothing may end the receive loop
            failed("attach", e);
        }
    }

    @Override
    public void detached() {
        try {
            delegate.detached();
        } catch (Throwable e) {
            failed("detach", e);
        }
    }

    @Override
    public void line(String line) {
        try {
            delegate.line(line);
        } catch (Throwable e) {
            failed("a line of " + line.length() + " chars", e);
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        try {
            delegate.line(bytes, offset, length);
        } catch (Throwable e) {
            failed("a line of " + length + " bytes", e);
        }
    }

    @Override
    public void lineDiscarded(long length) {
        try {
            delegate.lineDiscarded(length);
        } catch (Throwable e) {
            failed("a discarded line", e);
        }
    }

    private void failed(String what, Throwable e) {
        failures.log(LOG, Level.ERROR, "Channel listener failed on " + what, e);
    }
}
