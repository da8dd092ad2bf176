package org.infinibay.infiniservice.application.service.outbound;

import java.io.IOException;
import java.lang.System.Logger.Level;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * The only thread that touches the write side of the channel (CONTRACT §3.4). Each line is stamped
 * when it is taken for writing (§6.2), so a line re-queued while detached is re-stamped.
 */
public final class OutboundWriter implements Runnable {
    private static final System.Logger LOG = Logs.get(OutboundWriter.class);

    private final OutboundQueue queue;
    private final HostChannel channel;
    private final AgentClock clock;
    private final LineRenderer renderer;
    private volatile long linesWritten;

    public OutboundWriter(OutboundQueue queue, HostChannel channel, AgentClock clock, LineRenderer renderer) {
        this.queue = queue;
        this.channel = channel;
        this.clock = clock;
        this.renderer = renderer;
    }

    @Override
    public void run() {
        try {
            while (true) {
                OutboundQueue.Taken taken = queue.take();
                if (taken == null) {
                    return;
                }
                QueuedLine line = taken.line();
                if (!queue.current(taken.generation())) {
                    queue.writeFailed(line, taken.generation());
                    continue;
                }
                String text = renderer.render(line, Timestamps.format(clock.nowMillis()));
                try {
                    channel.writeLine(text);
                    linesWritten++;
                    queue.written(line);
                } catch (HostDetachedException e) {
                    queue.writeFailed(line, taken.generation());
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "write to host failed ({0}); line kept per queue policy", e.getMessage());
                    queue.writeFailed(line, taken.generation());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long linesWritten() {
        return linesWritten;
    }
}
