package org.infinibay.infiniservice.adapters.serial.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.infinibay.infiniservice.application.port.out.GuardedListener;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.time.Backoff;

/**
 * Test mode {@code unix:<path>} (CONTRACT §1.4): the agent is the client of a Unix-domain stream
 * socket played by a harness. Each connect is an attach; end-of-stream or a socket error is a
 * detach, after which the socket is closed and a new connection is tried with a 100 ms → 1 s
 * back-off. Reading and writing use the same blocking {@link SocketChannel}, whose read and write
 * locks are independent, so a pending read never delays a write.
 */
public final class UnixSocketHostChannel implements HostChannel {
    private static final System.Logger LOG = Logs.get(UnixSocketHostChannel.class);
    private static final Duration RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(1);
    /** A connection that lived this long was a real session: start the back-off over. */
    private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int READ_CHUNK = 64 * 1024;

    private final Path socketPath;
    private final UnixDomainSocketAddress address;
    private final LineFramer framer = new LineFramer();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    /** Keeps lines whole if more than one thread ever writes; the reader never takes it. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile SocketChannel connection;

    public UnixSocketHostChannel(Path socketPath) {
        this.socketPath = socketPath;
        this.address = UnixDomainSocketAddress.of(socketPath);
    }

    @Override
    public void run(HostChannelListener hostListener) throws InterruptedException {
        HostChannelListener listener = GuardedListener.guard(hostListener);
        Backoff backoff = new Backoff(RETRY_INITIAL, RETRY_MAX);
        boolean loggedFailure = false;
        while (!isClosed()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            SocketChannel channel = connect();
            if (channel == null) {
                if (!loggedFailure) {
                    LOG.log(Level.INFO, "Waiting for a host on unix socket {0}", socketPath);
                    loggedFailure = true;
                }
            } else {
                loggedFailure = false;
                long started = System.nanoTime();
                serve(channel, listener);
                if (System.nanoTime() - started >= STABLE_NANOS) {
                    backoff.reset();
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            pause(backoff.nextMillis());
        }
    }

    private SocketChannel connect() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(address);
            return channel;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Connect to {0} failed: {1}", socketPath, e.toString());
            closeQuietly(channel);
            return null;
        }
    }

    private void serve(SocketChannel channel, HostChannelListener listener) {
        framer.reset();
        connection = channel;
        if (isClosed()) { // close() may have run before it could see this connection
            connection = null;
            closeQuietly(channel);
            return;
        }
        LOG.log(Level.INFO, "Host attached on unix socket {0}", socketPath);
        listener.attached();
        try {
            readUntilEnd(channel, listener);
        } finally {
            connection = null;
            closeQuietly(channel);
            framer.reset();
            LOG.log(Level.INFO, "Host detached from unix socket {0}", socketPath);
            listener.detached();
        }
    }

    private void readUntilEnd(SocketChannel channel, HostChannelListener listener) {
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        try {
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    return;
                }
                framer.feed(buffer.array(), 0, n, listener);
            }
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt(); // run() turns this into InterruptedException
        } catch (IOException e) {
            if (!isClosed()) {
                LOG.log(Level.DEBUG, "Read from {0} ended: {1}", socketPath, e.toString());
            }
        }
    }

    @Override
    public void writeLine(String asciiLine) throws HostDetachedException {
        SocketChannel channel = connection;
        if (channel == null || isClosed()) {
            throw new HostDetachedException("no host connected on " + describe());
        }
        ByteBuffer bytes = ByteBuffer.wrap((asciiLine + "\n").getBytes(StandardCharsets.UTF_8));
        writeLock.lock();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            // Closing makes the reader see the loss too, so both sides agree on "detached".
            LOG.log(Level.DEBUG, "Write to {0} failed: {1}", socketPath, e.toString());
            closeQuietly(channel);
            throw new HostDetachedException("host connection lost during write on " + describe());
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String describe() {
        return "unix:" + socketPath;
    }

    @Override
    public void close() {
        closedSignal.countDown();
        closeQuietly(connection); // wakes the reader and any blocked writer
    }

    private boolean isClosed() {
        return closedSignal.getCount() == 0;
    }

    private void pause(long millis) throws InterruptedException {
        closedSignal.await(millis, TimeUnit.MILLISECONDS);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing a socket failed: {0}", e.toString());
        }
    }
}
