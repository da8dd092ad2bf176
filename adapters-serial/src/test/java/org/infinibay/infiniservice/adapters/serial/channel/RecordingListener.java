package org.infinibay.infiniservice.adapters.serial.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;

/**
 * Records listener events in order as "attached", "detached", "line:<text>", "discarded:<n>", with the
 * thread of each call, and notes whether two calls ever overlapped (a channel must never do that).
 */
class RecordingListener implements HostChannelListener {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<Thread> callers = new ArrayList<>();
    final List<String> callerEvents = new ArrayList<>();
    private final AtomicBoolean inCall = new AtomicBoolean();
    final AtomicBoolean overlapped = new AtomicBoolean();

    @Override
    public void attached() {
        record("attached");
    }

    @Override
    public void detached() {
        record("detached");
    }

    @Override
    public void line(String line) {
        record("line:" + line);
    }

    @Override
    public void lineDiscarded(long length) {
        record("discarded:" + length);
    }

    private void record(String event) {
        if (!inCall.compareAndSet(false, true)) {
            overlapped.set(true);
        }
        try {
            Thread.sleep(2); // widens the window in which an overlapping call would be seen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            callers.add(Thread.currentThread());
            callerEvents.add(event);
        }
        events.add(event);
        inCall.set(false);
    }

    /** The next event, failing after {@code seconds}. */
    String next(long seconds) throws InterruptedException {
        String e = events.poll(seconds, TimeUnit.SECONDS);
        assertNotNull(e, "no listener event within " + seconds + " s");
        return e;
    }

    void expect(String expected, long seconds) throws InterruptedException {
        assertEquals(expected, next(seconds));
    }

    /** The next event if one comes within {@code millis}, else null. */
    String poll(long millis) throws InterruptedException {
        return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    List<String> drain() {
        List<String> out = new ArrayList<>();
        events.drainTo(out);
        return out;
    }
}
