package org.infinibay.infiniservice.adapters.windows.channel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;

final class RecordingListener implements HostChannelListener {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void attached() {
        events.add("attached");
    }

    @Override
    public void detached() {
        events.add("detached");
    }

    @Override
    public void line(String line) {
        events.add("line:" + line);
    }

    @Override
    public void lineDiscarded(long length) {
        events.add("discarded:" + length);
    }

    /** Waits (up to 5 s, generous: this is not a timing assertion) until {@code event} was seen {@code n} times. */
    boolean await(String event, int n) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            if (events.stream().filter(event::equals).count() >= n) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    boolean awaitPrefix(String prefix) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            if (events.stream().anyMatch(e -> e.startsWith(prefix))) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
