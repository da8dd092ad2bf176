package org.infinibay.infiniservice.adapters.linux.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.domain.message.OutboundMessage;

/** Collects what the services queue for the writer thread. */
final class RecordingSink implements OutboundSink {
    private final List<OutboundMessage> sent = new ArrayList<>();

    @Override
    public synchronized void send(OutboundMessage message) {
        sent.add(message);
        notifyAll();
    }

    synchronized List<OutboundMessage> all() {
        return List.copyOf(sent);
    }

    @SuppressWarnings("unchecked")
    synchronized <T extends OutboundMessage> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (OutboundMessage m : sent) {
            if (type.isInstance(m)) {
                out.add((T) m);
            }
        }
        return out;
    }

    /** Waits until {@code count} messages of {@code type} matching {@code filter} were sent. */
    synchronized <T extends OutboundMessage> List<T> await(Class<T> type, Predicate<T> filter, int count,
                                                           long timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (true) {
            List<T> matching = new ArrayList<>();
            for (T m : of(type)) {
                if (filter.test(m)) {
                    matching.add(m);
                }
            }
            long left = end - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return matching;
            }
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }
}
