package org.infinibay.infiniservice.adapters.serial.channel;

import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;

/** Keeps a failing listener from ending the receive loop; logs the failure without line content. */
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
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Channel listener failed on attach", e);
        }
    }

    @Override
    public void detached() {
        try {
            delegate.detached();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Channel listener failed on detach", e);
        }
    }

    @Override
    public void line(String line) {
        try {
            delegate.line(line);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Channel listener failed on a line of " + line.length() + " chars", e);
        }
    }

    @Override
    public void lineDiscarded(long length) {
        try {
            delegate.lineDiscarded(length);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Channel listener failed on a discarded line", e);
        }
    }
}
