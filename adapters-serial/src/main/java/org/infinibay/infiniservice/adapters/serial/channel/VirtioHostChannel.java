package org.infinibay.infiniservice.adapters.serial.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.infinibay.infiniservice.application.port.out.GuardedListener;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.domain.time.Backoff;

/**
 * The Linux virtio-serial port (CONTRACT §1.5, §3.2–§3.6). The port is opened once and stays open
 * across host detach/attach cycles: end-of-file means "no host right now", never an error.
 * Attach is seen when bytes arrive, or when a read stays pending for 250 ms after a detached
 * period. Only device-level errors close and reopen the port, on a 1 s → 30 s timer.
 *
 * <p>Threads: {@link #run} is the receive loop and the only caller of the listener; a daemon
 * {@code infiniservice-virtio-reader} thread per open does the blocking reads; the writer thread
 * writes through its own channel and never takes a lock the reader holds. While detached a write
 * blocks in the kernel (or QEMU discards it), so writes do not fail merely for lack of a host.
 */
public final class VirtioHostChannel implements HostChannel {
    private static final System.Logger LOG = System.getLogger(VirtioHostChannel.class.getName());
    static final long ATTACH_PENDING_MILLIS = 250;
    private static final long ATTACHED_POLL_MILLIS = 1000;
    /** While detached and no read is pending the reader wakes the loop itself (ReadStarted). */
    private static final long DETACHED_IDLE_POLL_MILLIS = 30_000;
    private static final Duration READER_EXIT_WAIT = Duration.ofSeconds(2);

    private enum HostState { UNKNOWN, DETACHED, ATTACHED }

    private final DeviceLocator locator;
    private final DeviceOpener opener;
    private final LineFramer framer = new LineFramer();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final AtomicLong opens = new AtomicLong();
    private volatile OpenDevice device;
    private volatile DeviceReader reader;
    private volatile Path lastPath;
    /** Set when a write broke off mid-line: the next line starts with a newline to end the stub. */
    private boolean writeBrokenMidLine;
    private HostState state = HostState.UNKNOWN;

    public VirtioHostChannel(DeviceLocator locator) {
        this(locator, DeviceOpener.READ_WRITE_FILE);
    }

    VirtioHostChannel(DeviceLocator locator, DeviceOpener opener) {
        this.locator = locator;
        this.opener = opener;
    }

    @Override
    public void run(HostChannelListener hostListener) throws InterruptedException {
        HostChannelListener listener = GuardedListener.guard(hostListener);
        Backoff reopen = Backoff.reopen(); // §3.6
        try {
            while (!isClosed()) {
                OpenDevice opened = tryOpen();
                if (opened != null) {
                    reopen.reset(); // §3.6: reset after a successful open
                    serve(opened, listener);
                }
                if (!isClosed()) {
                    long delay = reopen.nextMillis();
                    LOG.log(Level.DEBUG, "Next device open attempt in {0} ms", delay);
                    closedSignal.await(delay, TimeUnit.MILLISECONDS);
                }
            }
        } finally {
            OpenDevice current = device;
            if (current != null) {
                device = null;
                current.close();
            }
        }
    }

    private OpenDevice tryOpen() {
        Optional<Path> path = locator.locate();
        if (path.isEmpty()) {
            LOG.log(Level.DEBUG, "No host channel device present yet");
            return null;
        }
        lastPath = path.get();
        try {
            OpenDevice opened = opener.open(path.get());
            opens.incrementAndGet();
            LOG.log(Level.INFO, "Opened host channel device {0}", path.get());
            return opened;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Cannot open host channel device {0}: {1}", path.get(), e.toString());
            return null;
        }
    }

    /** Runs one open device until a device-level failure or close(); always closes it. */
    private void serve(OpenDevice opened, HostChannelListener listener) throws InterruptedException {
        DeviceReader deviceReader = new DeviceReader(opened.in(), "infiniservice-virtio-reader");
        device = opened;
        reader = deviceReader;
        state = HostState.UNKNOWN;
        framer.reset();
        try {
            if (isClosed()) {
                return; // close() may have run before it could see this device
            }
            deviceReader.start();
            receive(opened, deviceReader, listener);
        } finally {
            device = null;
            deviceReader.stop();
            opened.close(); // wakes the reader thread
            if (!deviceReader.awaitExit(READER_EXIT_WAIT)) {
                LOG.log(Level.WARNING, "Device reader did not stop within {0}", READER_EXIT_WAIT);
            }
            if (state == HostState.ATTACHED) {
                becomeDetached(listener);
            }
            state = HostState.UNKNOWN;
        }
    }

    private void receive(OpenDevice opened, DeviceReader deviceReader, HostChannelListener listener)
            throws InterruptedException {
        while (!isClosed()) {
            ReadEvent event = deviceReader.poll(pollMillis(deviceReader));
            if (event == null) {
                if (state != HostState.ATTACHED && deviceReader.pendingMillis() >= ATTACH_PENDING_MILLIS) {
                    becomeAttached(listener, "a read stays pending");
                }
            } else if (event instanceof ReadEvent.Data data) {
                if (state != HostState.ATTACHED) {
                    becomeAttached(listener, "inbound data");
                }
                framer.feed(data.bytes(), 0, data.bytes().length, listener);
            } else if (event instanceof ReadEvent.EndOfFile) {
                if (!Files.exists(opened.path())) {
                    // Checked first so that writes already fail fast when "detached" is reported.
                    LOG.log(Level.WARNING, "Host channel device {0} disappeared", opened.path());
                    return;
                }
                onEndOfFile(listener);
            } else if (event instanceof ReadEvent.Failed failed) {
                if (!isClosed()) {
                    IOException e = failed.error();
                    LOG.log(Level.WARNING, "Host channel device {0} failed ({1}): {2}; reopening",
                            opened.path(), DeviceErrors.isDeviceLevel(e) ? "device-level" : "unexpected", e.toString());
                }
                return;
            }
        }
    }

    /**
     * While not attached, wake in time to see a read pass the 250 ms pending mark; while the reader
     * sleeps between end-of-file reads there is nothing to time, so the loop sleeps until the reader
     * announces its next read (no 4 Hz polling on an idle, host-less VM).
     */
    private long pollMillis(DeviceReader deviceReader) {
        if (state == HostState.ATTACHED) {
            return ATTACHED_POLL_MILLIS;
        }
        long pending = deviceReader.pendingMillis();
        return pending < 0 ? DETACHED_IDLE_POLL_MILLIS : Math.max(1, ATTACH_PENDING_MILLIS - pending);
    }

    private void onEndOfFile(HostChannelListener listener) {
        if (state == HostState.ATTACHED) {
            becomeDetached(listener);
        } else if (state == HostState.UNKNOWN) {
            LOG.log(Level.INFO, "No host attached to {0}; waiting", describe());
            framer.reset();
        }
        state = HostState.DETACHED;
    }

    private void becomeAttached(HostChannelListener listener, String evidence) {
        LOG.log(Level.INFO, "Host attached to {0} ({1})", describe(), evidence);
        framer.reset();
        state = HostState.ATTACHED;
        listener.attached();
    }

    private void becomeDetached(HostChannelListener listener) {
        LOG.log(Level.INFO, "Host detached from {0}", describe());
        framer.reset();
        state = HostState.DETACHED;
        listener.detached();
    }

    /**
     * Writes the whole line. Blocks while the host is away (the kernel holds the write). Throws
     * {@link HostDetachedException} only when no device is open (lost, or not yet found).
     */
    @Override
    public void writeLine(String asciiLine) throws HostDetachedException, IOException {
        OpenDevice current = device;
        if (current == null || isClosed()) {
            throw new HostDetachedException("host channel device is not open (" + describe() + ")");
        }
        writeLock.lock();
        try {
            String framed = writeBrokenMidLine ? "\n" + asciiLine + "\n" : asciiLine + "\n";
            ByteBuffer bytes = ByteBuffer.wrap(framed.getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    current.out().write(bytes);
                }
                writeBrokenMidLine = false;
            } catch (ClosedChannelException e) {
                writeBrokenMidLine |= bytes.position() > 0;
                throw new HostDetachedException("host channel device was closed during a write");
            } catch (IOException e) {
                writeBrokenMidLine |= bytes.position() > 0;
                if (DeviceErrors.isDeviceLevel(e)) {
                    LOG.log(Level.WARNING, "Device-level write error on {0}: {1}; reopening", current.path(), e.toString());
                    current.close(); // the reader wakes with an error and run() reopens
                    throw new HostDetachedException("host channel device lost during a write");
                }
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String describe() {
        Path path = lastPath;
        return path == null ? "virtio:(no device yet)" : "virtio:" + path;
    }

    @Override
    public void close() {
        closedSignal.countDown();
        OpenDevice current = device;
        if (current != null) {
            current.close(); // wakes the blocked reader and any blocked writer
        }
        DeviceReader currentReader = reader;
        if (currentReader != null) {
            currentReader.wake(); // the receive loop may be in a long detached poll
        }
    }

    /** Successful opens so far (diagnostics). */
    public long openCount() {
        return opens.get();
    }

    /** End-of-file reads on the current device, or -1 with none open (diagnostics, no-spin tests). */
    long endOfFileReads() {
        DeviceReader current = reader;
        return current == null ? -1 : current.endOfFileReads();
    }

    private boolean isClosed() {
        return closedSignal.getCount() == 0;
    }
}
