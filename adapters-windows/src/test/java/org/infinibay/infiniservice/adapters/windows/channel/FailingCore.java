package org.infinibay.infiniservice.adapters.windows.channel;

import org.infinibay.infiniservice.application.port.out.HostChannelListener;

/**
 * A core that fails while handling events: an exception on every attach and detach, an exception on
 * a line containing "boom" and a StackOverflowError on one containing "deep". Every event is recorded
 * in {@link #seen} first.
 */
final class FailingCore implements HostChannelListener {
    final RecordingListener seen = new RecordingListener();

    @Override
    public void attached() {
        seen.attached();
        throw new IllegalStateException("core failed on attach");
    }

    @Override
    public void detached() {
        seen.detached();
        throw new IllegalStateException("core failed on detach");
    }

    @Override
    public void line(String line) {
        seen.line(line);
        if (line.contains("boom")) {
            throw new IllegalArgumentException("core failed on a line");
        }
        if (line.contains("deep")) {
            throw new StackOverflowError("core overflowed on a line");
        }
    }

    @Override
    public void lineDiscarded(long length) {
        seen.lineDiscarded(length);
    }
}
