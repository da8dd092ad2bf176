package org.infinibay.infiniservice.e2e;

import java.time.Duration;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;

/**
 * Linux (and the default test run): the agent connects to the simulator's Unix socket. A detach is
 * the socket going away (end of stream, then refused connects); a re-attach is the socket back.
 */
final class UnixSocketTransport implements AgentTransport {
    private HostSimulator host;

    @Override
    public String device() {
        return "unix:" + host.socketPath();
    }

    @Override
    public void start(HostSimulator h) {
        this.host = h;
    }

    @Override
    public void detach() throws java.io.IOException, InterruptedException {
        host.pause();
        Thread.sleep(1_500); // end of stream seen; a few refused reconnects
    }

    @Override
    public void reattach() throws java.io.IOException {
        host.resume();
    }

    @Override
    public Duration reattachWithin() {
        return Duration.ofSeconds(10); // reconnect back-off: 100 ms growing to 1 s
    }

    @Override
    public void close() {
    }
}
