package org.infinibay.infiniservice.application.port.out;

/** Events from {@link HostChannel#run}; called on the channel's receive thread. */
public interface HostChannelListener {

    /** A host is now attached (each new connection counts, including the first). */
    void attached();

    /** The host went away; any partial inbound line has been discarded. */
    void detached();

    /** One complete inbound line, decoded as UTF-8, without the line terminator. */
    void line(String line);

    /** An inbound line longer than the limit was discarded (CONTRACT §2.4); reading goes on. */
    void lineDiscarded(long length);
}
