package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.junit.jupiter.api.Test;

/** {@link ProcfsPortSource} against real sockets of this JVM. */
class PortSourceRealTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    private static PortMetric find(List<PortMetric> l, String protocol, int port) {
        return l.stream().filter(p -> p.protocol().equals(protocol) && p.port() == port).findFirst().orElse(null);
    }

    @Test
    void tcpListenerWithOwnerAndConnectionCount() throws Exception {
        ProcfsPortSource src = new ProcfsPortSource();
        try (ServerSocket server = new ServerSocket(0)) {
            int port = server.getLocalPort();
            PortMetric idle = find(src.sample(), "tcp", port);
            assertNotNull(idle);
            assertEquals("LISTEN", idle.state());
            assertEquals(SELF, idle.pid());
            assertEquals(0, idle.connectionCount());
            assertEquals("java", idle.processName());
            assertTrue(idle.exePath().endsWith("/java"), idle.exePath());

            try (Socket c1 = new Socket(InetAddress.getLoopbackAddress(), port); Socket a1 = server.accept();
                 Socket c2 = new Socket(InetAddress.getLoopbackAddress(), port); Socket a2 = server.accept()) {
                List<PortMetric> busy = src.sample();
                assertEquals(2, find(busy, "tcp", port).connectionCount());
                // the clients' ephemeral ports are not listeners
                assertEquals(null, find(busy, "tcp", c1.getLocalPort()));
            }
        }
    }

    /** A listener of an explicit address family: a plain ServerSocket is AF_INET6 even on 127.0.0.1. */
    private static ServerSocketChannel listen(StandardProtocolFamily family, String address) throws Exception {
        return ServerSocketChannel.open(family).bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    private static int port(ServerSocketChannel c) throws Exception {
        return ((InetSocketAddress) c.getLocalAddress()).getPort();
    }

    @Test
    void ipv6ListenerAndItsConnectionAreReported() throws Exception {
        ProcfsPortSource src = new ProcfsPortSource();
        try (ServerSocketChannel server = listen(StandardProtocolFamily.INET6, "::1");
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            // counted where the port source looks first, or /proc/net/tcp6 would be skipped
            assertTrue(SockStat.read(new ProcFile(), "/proc/net/").tcp6() >= 3);
            PortMetric p = find(src.sample(), "tcp", port(server));
            assertNotNull(p, "tcp " + server.getLocalAddress());
            assertEquals("LISTEN", p.state());
            assertEquals(SELF, p.pid());
            assertEquals(1, p.connectionCount());
        }
    }

    @Test
    void ipv4ListenerAndItsConnectionAreReported() throws Exception {
        ProcfsPortSource src = new ProcfsPortSource();
        try (ServerSocketChannel server = listen(StandardProtocolFamily.INET, "127.0.0.1");
             SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
             SocketChannel accepted = connect(client, server)) {
            assertTrue(SockStat.read(new ProcFile(), "/proc/net/").tcp() >= 3);
            PortMetric p = find(src.sample(), "tcp", port(server));
            assertNotNull(p, "tcp " + server.getLocalAddress());
            assertEquals("LISTEN", p.state());
            assertEquals(SELF, p.pid());
            assertEquals(1, p.connectionCount());
        }
    }

    private static SocketChannel connect(SocketChannel client, ServerSocketChannel server) throws Exception {
        client.connect(server.getLocalAddress());
        return server.accept();
    }

    @Test
    void udpSocketsOnIpv4AndIpv6LoopbackAreUnconn() throws Exception {
        ProcfsPortSource src = new ProcfsPortSource();
        try (DatagramSocket v4 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
             DatagramSocket v6 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0));
             DatagramSocket connected = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            connected.connect(v4.getLocalSocketAddress());
            List<PortMetric> ports = src.sample();
            for (DatagramSocket s : new DatagramSocket[] {v4, v6}) {
                PortMetric p = find(ports, "udp", s.getLocalPort());
                assertNotNull(p, "udp " + s.getLocalSocketAddress());
                assertEquals("UNCONN", p.state());
                assertEquals(SELF, p.pid());
                assertEquals(0, p.connectionCount());
            }
            assertEquals(null, find(ports, "udp", connected.getLocalPort()), "connected UDP is not a listener");
        }
    }

    @Test
    void onePerProtocolAndPortAcrossIpv4AndIpv6() throws Exception {
        ProcfsPortSource src = new ProcfsPortSource();
        try (DatagramSocket v4 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            int port = v4.getLocalPort();
            try (DatagramSocket v6 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), port))) {
                long n = src.sample().stream().filter(p -> p.protocol().equals("udp") && p.port() == port).count();
                assertEquals(1, n);
            }
        }
    }
}
