package org.infinibay.infiniservice.application.service;

import org.infinibay.infiniservice.domain.message.OutboundMessage;

/** Queues a line for the single writer thread; never blocks (CONTRACT §3.4, §3.5). */
public interface OutboundSink {
    void send(OutboundMessage message);
}
