package org.infinibay.infiniservice.adapters.windows.channel;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;

/**
 * Keeps a failing listener from ending the receive loop: an exception or error thrown by the core
 * while it handles one event is logged (without line content) and reading goes on, as on Linux.
 *
 * <p>A mirror of adapters-serial's guard of the same name: the two adapters may not depend on each
 * other, and the shared home for such channel code is the module issue #15 introduces.
 */
final class GuardedListener implements HostChannelListener {
    private static final System.Logger LOG = System.getLogger(GuardedListener.class.getName());
    private final HostChannelListener delegate;

    GuardedListener(HostChannelListener delegate) {
        this.delegate = delegate;
    }

    @Override
    public void attached() {
        try {
            delegate.attached();
        } catch (RuntimeException | Error e) {
            failed("attach", e);
        }
    }

    @Override
    public void detached() {
        try {
            delegate.detached();
        } catch (RuntimeException | Error e) {
            failed("detach", e);
        }
    }

    @Override
    public void line(String line) {
        try {
            delegate.line(line);
        } catch (RuntimeException | Error e) {
            failed("a line of " + line.length() + " chars", e);
        }
    }

    @Override
    public void lineDiscarded(long length) {
        try {
            delegate.lineDiscarded(length);
        } catch (RuntimeException | Error e) {
            failed("a discarded line", e);
        }
    }

    private static void failed(String what, Throwable e) {
        try {
            LOG.log(Level.ERROR, "Channel listener failed on " + what, e);
        } catch (RuntimeException | Error ignored) {
            // logging itself failed (e.g. out of memory): reading goes on all the same
        }
    }
}
