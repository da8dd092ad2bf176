package org.infinibay.infiniservice.e2e;

import java.io.IOException;
import java.time.Duration;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;

/**
 * The seam between the one end-to-end scenario and the way the agent reaches the host. Whatever the
 * transport, the host is a {@link HostSimulator} (it records, signs and checks every line the same
 * way on both systems): on Linux the agent connects to its Unix socket directly ({@code --device
 * unix:…}); on Windows the agent opens a named pipe through the same CreateFile/overlapped code as
 * the virtio port, and a relay carries the bytes between that pipe and the simulator's socket.
 */
interface AgentTransport extends AutoCloseable {

    /** The agent's {@code --device} value. */
    String device();

    /** Starts serving; the agent may connect from now on. */
    void start(HostSimulator host) throws IOException;

    /** The host goes away the way this transport shows it; returns once the agent can have noticed. */
    void detach() throws IOException, InterruptedException;

    /** The host comes back. */
    void reattach() throws IOException, InterruptedException;

    /** How long after {@link #reattach()} the agent needs at most to run its attach sequence. */
    Duration reattachWithin();

    @Override
    void close() throws IOException, InterruptedException;
}
