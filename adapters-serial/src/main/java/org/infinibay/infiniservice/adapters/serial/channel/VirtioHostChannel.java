package org.infinibay.infiniservice.adapters.serial.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.infinibay.infiniservice.application.port.out.GuardedListener;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.HostChannelListener;
import org.infinibay.infiniservice.application.port.out.HostDetachedException;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.time.Backoff;

/**
 * The Linux virtio-serial port (CONTRACT §1.5, §3.2–§3.6). The port is opened once and stays open
 * across host detach/attach cycles: end-of-file means "no host right now", never an error.
 * Attach is seen when bytes arrive, or when a read stays pending for 250 ms after a detached
 * period. Only device-level errors close and reopen the port, on a 1 s → 30 s timer.
 *
 * <p>Threads: the thread that calls {@link #run} does the blocking reads itself and is the receive
 * loop; no thread of the channel's own exists. A read that stays pending cannot report itself, so
 * each read started while not attached arms a one-shot check on the agent's shared timer: still
 * pending 250 ms later, it reports the attach (§3.4). Listener calls never overlap: the receive
 * loop holds {@code receiveLock} except while it reads or sleeps, and the check only
 * {@code tryLock}s it (a check that finds it held is stale: the read returned, and the loop handles
 * what it brought), so the timer never waits for the loop. Lines and detaches are reported on the
 * {@code run} thread, an attach on it or on the timer's. The writer thread writes through its own
 * channel and never takes a lock the receive loop holds. While detached a write blocks in the kernel
 * (or QEMU discards it), so writes do not fail merely for lack of a host.
 */
public final class VirtioHostChannel implements HostChannel {
    private static final System.Logger LOG = Logs.get(VirtioHostChannel.class);
    static final long ATTACH_PENDING_MILLIS = 250;
    private static final Duration EOF_RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration EOF_RETRY_MAX = Duration.ofSeconds(1);
    private static final int READ_CHUNK = 64 * 1024;

    private enum HostState { UNKNOWN, DETACHED, ATTACHED }

    private final DeviceLocator locator;
    private final DeviceOpener opener;
    private final ScheduledExecutorService timers;
    private final LineFramer framer = new LineFramer();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Held by the receive loop except during a read or a sleep; guards the fields below it. */
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong endOfFileReads = new AtomicLong();
    private volatile OpenDevice device;
    private volatile Path lastPath;
    /** Set when a write broke off mid-line: the next line starts with a newline to end the stub. */
    private boolean writeBrokenMidLine;

    private HostState state = HostState.UNKNOWN;
    private HostChannelListener listener;
    /** Reads started on the current device: names the read a pending-read check was armed for. */
    private long readsStarted;
    private boolean reading;
    private ScheduledFuture<?> pendingReadCheck;

    /** @param timers the agent's shared timer; it runs the 250 ms pending-read checks while not attached */
    public VirtioHostChannel(DeviceLocator locator, ScheduledExecutorService timers) {
        this(locator, DeviceOpener.READ_WRITE_FILE, timers);
    }

    VirtioHostChannel(DeviceLocator locator, DeviceOpener opener, ScheduledExecutorService timers) {
        this.locator = locator;
        this.opener = opener;
        this.timers = Objects.requireNonNull(timers, "timers");
    }

    @Override
    public void run(HostChannelListener hostListener) throws InterruptedException {
        HostChannelListener guarded = GuardedListener.guard(hostListener);
        Backoff reopen = Backoff.reopen(); // §3.6
        try {
            while (!isClosed()) {
                OpenDevice opened = tryOpen();
                if (opened != null) {
                    reopen.reset(); // §3.6: reset after a successful open
                    serve(opened, guarded);
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
    private void serve(OpenDevice opened, HostChannelListener guarded) throws InterruptedException {
        endOfFileReads.set(0);
        device = opened;
        receiveLock.lock();
        try {
            listener = guarded;
            state = HostState.UNKNOWN;
            readsStarted = 0;
            framer.reset();
            if (isClosed()) {
                return; // close() may have run before it could see this device
            }
            receive(opened);
        } finally {
            device = null;
            opened.close();
            if (state == HostState.ATTACHED) {
                becomeDetached();
            }
            state = HostState.UNKNOWN;
            receiveLock.unlock();
        }
    }

    /** The receive loop of one open device; runs with {@code receiveLock} held. */
    private void receive(OpenDevice opened) throws InterruptedException {
        Backoff eofBackoff = new Backoff(EOF_RETRY_INITIAL, EOF_RETRY_MAX);
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        while (!isClosed()) {
            buffer.clear();
            int n;
            try {
                n = read(opened.in(), buffer);
            } catch (IOException e) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(); // an interrupt closes a FileChannel mid-read
                }
                if (!isClosed()) {
                    LOG.log(Level.WARNING, "Host channel device {0} failed ({1}): {2}; reopening",
                            opened.path(), DeviceErrors.isDeviceLevel(e) ? "device-level" : "unexpected", e.toString());
                }
                return;
            }
            if (n < 0) {
                endOfFileReads.incrementAndGet();
                if (!Files.exists(opened.path())) {
                    // Checked first so that writes already fail fast when "detached" is reported.
                    LOG.log(Level.WARNING, "Host channel device {0} disappeared", opened.path());
                    return;
                }
                onEndOfFile();
                sleep(eofBackoff.nextMillis()); // §3.4: 100 ms growing to 1 s, never a spin
            } else if (n > 0) {
                eofBackoff.reset();
                if (state != HostState.ATTACHED) {
                    becomeAttached("inbound data");
                }
                framer.feed(buffer.array(), 0, n, listener);
            }
        }
    }

    /**
     * One blocking read, with {@code receiveLock} released while it is pending. A read started while
     * not attached arms the 250 ms check on the timer; the read's return disarms it.
     */
    private int read(ReadableByteChannel in, ByteBuffer buffer) throws IOException {
        long read = ++readsStarted;
        reading = true;
        if (state != HostState.ATTACHED) {
            try {
                pendingReadCheck = timers.schedule(new PendingReadCheck(read), ATTACH_PENDING_MILLIS,
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                pendingReadCheck = null; // the agent is stopping: inbound bytes still count as an attach
            }
        }
        receiveLock.unlock();
        try {
            return in.read(buffer);
        } finally {
            receiveLock.lock();
            reading = false;
            ScheduledFuture<?> check = pendingReadCheck;
            if (check != null) {
                pendingReadCheck = null;
                check.cancel(false);
            }
        }
    }

    /** Sleeps without {@code receiveLock}; close() ends the sleep. */
    private void sleep(long millis) throws InterruptedException {
        receiveLock.unlock();
        try {
            closedSignal.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            receiveLock.lock();
        }
    }

    /** On the timer: the read it was armed for is still pending after 250 ms, so a host holds the other end. */
    private void readStillPending(long read) {
        if (!receiveLock.tryLock()) {
            return; // the read has returned; the receive loop deals with what it brought
        }
        try {
            if (reading && read == readsStarted && state != HostState.ATTACHED && !isClosed()) {
                becomeAttached("a read stays pending");
            }
        } finally {
            receiveLock.unlock();
        }
    }

    private void onEndOfFile() {
        if (state == HostState.ATTACHED) {
            becomeDetached();
        } else if (state == HostState.UNKNOWN) {
            LOG.log(Level.INFO, "No host attached to {0}; waiting", describe());
            framer.reset();
        }
        state = HostState.DETACHED;
    }

    private void becomeAttached(String evidence) {
        LOG.log(Level.INFO, "Host attached to {0} ({1})", describe(), evidence);
        framer.reset();
        state = HostState.ATTACHED;
        listener.attached();
    }

    private void becomeDetached() {
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
                    current.close(); // the pending read fails with an error and run() reopens
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
        closedSignal.countDown(); // ends a sleep between end-of-file reads or between opens
        OpenDevice current = device;
        if (current != null) {
            current.close(); // wakes the blocked read and any blocked writer
        }
    }

    /** Successful opens so far (diagnostics). */
    public long openCount() {
        return opens.get();
    }

    /** End-of-file reads on the current device, or -1 with none open (diagnostics, no-spin tests). */
    long endOfFileReads() {
        return device == null ? -1 : endOfFileReads.get();
    }

    private boolean isClosed() {
        return closedSignal.getCount() == 0;
    }

    /** The timer task armed for one read (a class, not a lambda: nothing is spun at run time). */
    private final class PendingReadCheck implements Runnable {
        private final long read;

        PendingReadCheck(long read) {
            this.read = read;
        }

        @Override
        public void run() {
            readStillPending(read);
        }
    }
}
