package org.infinibay.infiniservice.adapters.windows.channel;

import org.infinibay.infiniservice.application.port.out.LineFramer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
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
 * The Windows virtio-serial port (CONTRACT §1.5, §3.3–§3.6): one handle, overlapped reads and
 * writes in flight at the same time, opened once and kept across host detach/attach cycles.
 *
 * <p>Detach: a 0-byte read completion, {@code ERROR_BROKEN_PIPE}/{@code ERROR_NO_DATA}/
 * {@code ERROR_PIPE_NOT_CONNECTED}, or a write that does not complete within 5 s (cancelled with
 * {@code CancelIoEx}). Attach: inbound bytes; after a read-side detach also a read that stays
 * pending for 250 ms (the driver answers at once while no host is there); after a write-side detach
 * a completed write — the writer holds its queue while detached, so the receive loop probes with a
 * bare {@code \n} (readers skip empty lines, §2.1) every second.
 *
 * <p>Threads: {@link #run} is the receive loop and the only caller of the listener, which it guards
 * (a failure in the core while it handles one event is logged and reading goes on); a daemon reader
 * thread per open handle performs the blocking reads and backs off (100 ms growing to 1 s) while
 * reads complete empty, so a detached port never spins. The write side is used by the writer thread
 * (and, only while detached, by the probe), serialised by one lock the reader never takes.
 */
public final class WindowsHostChannel implements HostChannel {
    private static final System.Logger LOG = Logs.get(WindowsHostChannel.class);
    static final long ATTACH_PENDING_MILLIS = 250;
    static final long WRITE_TIMEOUT_MILLIS = 5_000;
    static final long PROBE_INTERVAL_MILLIS = 1_000;
    // the reopen timer is §3.6's (Backoff.reopen(): 1 s doubling to 30 s); its 30 s cap is also the
    // device-arrival poll period: CONTRACT §1.4 row 5 asks for at most 30 s
    private static final int READ_BUFFER = 64 * 1024;

    private enum HostState { UNKNOWN, ATTACHED, DETACHED_BY_READ, DETACHED_BY_WRITE }

    /** What the reader thread and the writer tell the receive loop. */
    private sealed interface Event {
        record Bytes(byte[] data) implements Event {
        }

        record ReadEmpty() implements Event {
        }

        record ReadFailed(int code) implements Event {
        }

        record WriteStalled(String why) implements Event {
        }

        record WriteCompleted() implements Event {
        }
    }

    private final WindowsDeviceLocator locator;
    private final PortOpener opener;
    private final LineFramer framer = new LineFramer();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong emptyReads = new AtomicLong();
    private volatile PortIo port;
    private volatile String openPath;
    private volatile long readStartedNanos = -1;
    private volatile boolean detachedByWrite;
    private boolean writeBrokenMidLine;
    private HostState state = HostState.UNKNOWN;

    public WindowsHostChannel(WindowsDeviceLocator locator, PortOpener opener) {
        this.locator = locator;
        this.opener = opener;
    }

    @Override
    public void run(HostChannelListener hostListener) throws InterruptedException {
        // one exception (or error) in the core while it handles an event must not end the receive loop
        HostChannelListener listener = GuardedListener.guard(hostListener);
        Backoff reopen = Backoff.reopen();
        while (!isClosed()) {
            PortIo opened = tryOpen();
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
    }

    private PortIo tryOpen() {
        for (String path : locator.candidates()) {
            try {
                PortIo opened = opener.open(path);
                openPath = path;
                opens.incrementAndGet();
                LOG.log(Level.INFO, "Opened host channel device {0}", path);
                return opened;
            } catch (PortOpener.PortOpenException e) {
                if (Win32Errors.meansAbsent(e.errorCode())) {
                    LOG.log(Level.DEBUG, "Host channel device {0} not present", path);
                } else {
                    LOG.log(Level.WARNING, "Cannot open host channel device {0}: {1}", path, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot open host channel device {0}: {1}", path, e.toString());
            }
        }
        return null;
    }

    private void serve(PortIo opened, HostChannelListener listener) throws InterruptedException {
        events.clear();
        state = HostState.UNKNOWN;
        detachedByWrite = false;
        framer.reset();
        port = opened;
        Thread reader = new Thread(() -> readLoop(opened), "infiniservice-vioserial-reader");
        reader.setDaemon(true);
        try {
            if (isClosed()) {
                return;
            }
            reader.start();
            receive(listener);
        } finally {
            port = null;
            opened.close(); // wakes the reader
            reader.join(2_000);
            if (state == HostState.ATTACHED) {
                LOG.log(Level.INFO, "Host detached from {0} (device closed)", describe());
                framer.reset();
                listener.detached();
            }
            state = HostState.UNKNOWN;
        }
    }

    /** Runs on the reader thread until the handle fails or is closed. */
    private void readLoop(PortIo io) {
        byte[] buffer = new byte[READ_BUFFER];
        long idle = 100;
        try {
            while (!isClosed()) {
                readStartedNanos = System.nanoTime();
                PortIo.ReadResult r = io.read(buffer);
                readStartedNanos = -1;
                if (r instanceof PortIo.ReadResult.Data d) {
                    idle = 100;
                    byte[] copy = new byte[d.count()];
                    System.arraycopy(buffer, 0, copy, 0, d.count());
                    events.add(new Event.Bytes(copy));
                    continue;
                }
                if (r instanceof PortIo.ReadResult.Failed f) {
                    if (f.bytesKept() > 0) {
                        byte[] copy = new byte[f.bytesKept()];
                        System.arraycopy(buffer, 0, copy, 0, f.bytesKept());
                        events.add(new Event.Bytes(copy));
                    }
                    Win32Errors.Meaning m = Win32Errors.classify(f.errorCode());
                    if (m != Win32Errors.Meaning.DETACHED) {
                        events.add(new Event.ReadFailed(f.errorCode()));
                        return;
                    }
                }
                // 0-byte completion or "pipe not connected": no host. Back off so a detached port
                // that answers at once never spins (CONTRACT §3.4).
                emptyReads.incrementAndGet();
                events.add(new Event.ReadEmpty());
                if (closedSignal.await(idle, TimeUnit.MILLISECONDS)) {
                    return;
                }
                idle = Math.min(1_000, idle * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readStartedNanos = -1;
        }
    }

    private void receive(HostChannelListener listener) throws InterruptedException {
        long nextProbe = 0;
        while (!isClosed()) {
            Event e = events.poll(pollMillis(), TimeUnit.MILLISECONDS);
            if (e == null) {
                long started = readStartedNanos;
                boolean pendingLongEnough = started >= 0
                        && System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(ATTACH_PENDING_MILLIS);
                if ((state == HostState.UNKNOWN || state == HostState.DETACHED_BY_READ) && pendingLongEnough) {
                    attach(listener, "a read stays pending");
                } else if (state == HostState.DETACHED_BY_WRITE && System.nanoTime() - nextProbe >= 0) {
                    nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS);
                    probe();
                }
                continue;
            }
            if (e instanceof Event.Bytes b) {
                if (state != HostState.ATTACHED) {
                    attach(listener, "inbound data");
                }
                framer.feed(b.data(), 0, b.data().length, listener);
            } else if (e instanceof Event.ReadEmpty) {
                if (state == HostState.ATTACHED) {
                    detach(listener, HostState.DETACHED_BY_READ, "0-byte read");
                } else if (state == HostState.UNKNOWN) {
                    LOG.log(Level.INFO, "No host attached to {0}; waiting", describe());
                    state = HostState.DETACHED_BY_READ;
                }
            } else if (e instanceof Event.ReadFailed f) {
                LOG.log(Level.WARNING, "Host channel device {0} failed (Win32 error {1}, {2}); reopening",
                        describe(), f.code(), Win32Errors.classify(f.code()));
                return;
            } else if (e instanceof Event.WriteStalled w) {
                if (state != HostState.DETACHED_BY_WRITE) {
                    if (state == HostState.ATTACHED) {
                        detach(listener, HostState.DETACHED_BY_WRITE, w.why());
                    } else {
                        state = HostState.DETACHED_BY_WRITE;
                    }
                    nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_INTERVAL_MILLIS);
                }
            } else if (e instanceof Event.WriteCompleted) {
                if (state == HostState.DETACHED_BY_WRITE) {
                    attach(listener, "a write completed");
                }
            }
        }
    }

    private long pollMillis() {
        if (state == HostState.ATTACHED) {
            return 1_000;
        }
        if (state == HostState.DETACHED_BY_WRITE) {
            return PROBE_INTERVAL_MILLIS;
        }
        long started = readStartedNanos;
        if (started < 0) {
            return ATTACH_PENDING_MILLIS;
        }
        long pending = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return Math.max(1, ATTACH_PENDING_MILLIS - pending);
    }

    private void attach(HostChannelListener listener, String evidence) {
        LOG.log(Level.INFO, "Host attached to {0} ({1})", describe(), evidence);
        framer.reset();
        state = HostState.ATTACHED;
        detachedByWrite = false;
        listener.attached();
    }

    private void detach(HostChannelListener listener, HostState newState, String evidence) {
        LOG.log(Level.INFO, "Host detached from {0} ({1})", describe(), evidence);
        framer.reset();
        state = newState;
        listener.detached();
    }

    /** A bare newline: harmless to the host (empty lines are skipped) and proof of attach once it completes. */
    private void probe() {
        PortIo current = port;
        if (current == null || !writeLock.tryLock()) {
            return;
        }
        try {
            byte[] nl = {'\n'};
            PortIo.WriteResult r = current.write(nl, 0, 1, WRITE_TIMEOUT_MILLIS);
            if (r instanceof PortIo.WriteResult.Done) {
                writeBrokenMidLine = false;
                events.add(new Event.WriteCompleted());
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void writeLine(String asciiLine) throws HostDetachedException, IOException {
        PortIo current = port;
        if (current == null || isClosed()) {
            throw new HostDetachedException("host channel device is not open (" + describe() + ")");
        }
        writeLock.lock();
        try {
            String framed = writeBrokenMidLine ? "\n" + asciiLine + "\n" : asciiLine + "\n";
            byte[] bytes = framed.getBytes(StandardCharsets.UTF_8);
            int off = 0;
            while (off < bytes.length) {
                PortIo.WriteResult r = current.write(bytes, off, bytes.length - off, WRITE_TIMEOUT_MILLIS);
                if (r instanceof PortIo.WriteResult.Done d) {
                    off += d.count();
                    continue;
                }
                if (r instanceof PortIo.WriteResult.TimedOut t) {
                    off += t.transferred();
                    writeBrokenMidLine = off > 0;
                    stalled("a write did not complete within 5 s");
                    throw new HostDetachedException("write to " + describe() + " timed out (no host)");
                }
                PortIo.WriteResult.Failed f = (PortIo.WriteResult.Failed) r;
                off += f.transferred();
                writeBrokenMidLine = off > 0;
                if (Win32Errors.classify(f.errorCode()) == Win32Errors.Meaning.DETACHED) {
                    stalled("write failed with Win32 error " + f.errorCode());
                    throw new HostDetachedException("no host attached to " + describe());
                }
                LOG.log(Level.WARNING, "Device-level write error {0} on {1}; reopening", f.errorCode(), describe());
                current.close(); // the reader fails and run() reopens
                throw new HostDetachedException("host channel device lost during a write");
            }
            writeBrokenMidLine = false;
            if (detachedByWrite) {
                events.add(new Event.WriteCompleted());
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void stalled(String why) {
        detachedByWrite = true;
        events.add(new Event.WriteStalled(why));
    }

    @Override
    public String describe() {
        String p = openPath;
        return p == null ? "vioserial:(no device yet)" : "vioserial:" + p;
    }

    @Override
    public void close() {
        closedSignal.countDown();
        PortIo current = port;
        if (current != null) {
            current.close();
        }
    }

    /** Successful opens so far (diagnostics, tests). */
    public long openCount() {
        return opens.get();
    }

    /** Empty (host-absent) read completions so far: the no-spin tests bound it. */
    public long emptyReadCount() {
        return emptyReads.get();
    }

    private boolean isClosed() {
        return closedSignal.getCount() == 0;
    }
}
