package org.infinibay.infiniservice.application.port.out;

import java.nio.charset.StandardCharsets;

/**
 * Events from {@link HostChannel#run}. Calls never overlap, each happens-before the next, and lines
 * and detaches come on the thread that runs {@code run}; a channel may report an attach from the
 * agent's timer thread instead (virtio: a read still pending after 250 ms), so {@link #attached} must
 * be short and must not block.
 */
public interface HostChannelListener {

    /** A host is now attached (each new connection counts, including the first). */
    void attached();

    /** The host went away; any partial inbound line has been discarded. */
    void detached();

    /** One complete inbound line, decoded as UTF-8, without the line terminator. */
    void line(String line);

    /**
     * One complete inbound line as its raw bytes {@code bytes[offset, offset+length)}, without the
     * terminator and surrounding whitespace (this is what the framer calls). The bytes are lent for
     * the duration of the call: the listener may overwrite them (the envelope verifier decodes in
     * place) and must not keep them. The default decodes them as UTF-8 and calls {@link #line(String)}.
     */
    default void line(byte[] bytes, int offset, int length) {
        line(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    /** An inbound line longer than the limit was discarded (CONTRACT §2.4); reading goes on. */
    void lineDiscarded(long length);
}
