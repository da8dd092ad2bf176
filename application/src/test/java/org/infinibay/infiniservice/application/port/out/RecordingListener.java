package org.infinibay.infiniservice.application.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;

/** Records listener events in order as "attached", "detached", "line:<text>", "discarded:<n>". */
class RecordingListener implements HostChannelListener {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final List<Thread> callers = new ArrayList<>();

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

    private synchronized void record(String event) {
        callers.add(Thread.currentThread());
        events.add(event);
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
