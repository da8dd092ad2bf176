package org.infinibay.infiniservice.application.service.outbound;

import org.infinibay.infiniservice.domain.message.OutboundMessage;
import org.infinibay.infiniservice.domain.message.QueuePolicy;

/**
 * A line waiting for the writer. The body is serialised once, when queued (its size counts against
 * the queue bound); {@code type} and {@code timestamp} are prepended at write time (§6.2).
 *
 * @param spoolSeq  the durable spool sequence of a retained line, or -1
 * @param onWritten run after the line was completely written (e.g. to release RebootSystem)
 */
record QueuedLine(OutboundMessage message, String type, QueuePolicy policy, String bodyJson, long queuedNanos,
                  long spoolSeq, Runnable onWritten) {

    long sizeBytes() {
        return bodyJson == null ? 256 : bodyJson.length();
    }
}
