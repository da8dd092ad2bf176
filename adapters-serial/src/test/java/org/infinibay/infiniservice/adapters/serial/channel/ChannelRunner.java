package org.infinibay.infiniservice.adapters.serial.channel;

import java.util.concurrent.atomic.AtomicReference;
import org.infinibay.infiniservice.application.port.out.HostChannel;

/** Runs {@link HostChannel#run} on its own thread and remembers how it ended. */
final class ChannelRunner implements AutoCloseable {
    final Thread thread;
    final AtomicReference<Throwable> ended = new AtomicReference<>();
    private final HostChannel channel;

    ChannelRunner(HostChannel channel, RecordingListener listener) {
        this.channel = channel;
        this.thread = new Thread(() -> {
            try {
                channel.run(listener);
            } catch (Throwable t) {
                ended.set(t);
            }
        }, "test-channel-run");
        thread.setDaemon(true);
        thread.start();
    }

    /** True when run() returned within {@code millis}. */
    boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() {
        channel.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
