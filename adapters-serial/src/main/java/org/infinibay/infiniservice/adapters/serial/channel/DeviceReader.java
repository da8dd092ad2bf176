package org.infinibay.infiniservice.adapters.serial.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.domain.time.Backoff;

/**
 * The blocking-read thread of one open port. It hands chunks, end-of-file and errors to the
 * receive loop, and publishes since when its current read has been pending: a read that stays
 * pending after a detached period is the attach signal of §3.4. After end-of-file it sleeps
 * 100 ms growing to 1 s before reading again, so a detached port never spins. One instance per
 * open; it ends when the device is closed (closing the read channel wakes a blocked read).
 */
final class DeviceReader {
    private static final Duration EOF_RETRY_INITIAL = Duration.ofMillis(100);
    private static final Duration EOF_RETRY_MAX = Duration.ofSeconds(1);
    private static final int READ_CHUNK = 64 * 1024;
    private static final long NOT_PENDING = Long.MIN_VALUE;

    private final ReadableByteChannel in;
    private final BlockingQueue<ReadEvent> events = new ArrayBlockingQueue<>(8);
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicLong pendingSince = new AtomicLong(NOT_PENDING);
    private final AtomicLong endOfFileReads = new AtomicLong();
    private final Thread thread;

    DeviceReader(ReadableByteChannel in, String name) {
        this.in = in;
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The next event, or null after {@code timeoutMillis}. */
    ReadEvent poll(long timeoutMillis) throws InterruptedException {
        return events.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** How long the current read has been pending, or -1 when no read is pending. */
    long pendingMillis() {
        long since = pendingSince.get();
        return since == NOT_PENDING ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** End-of-file reads seen so far (diagnostics and the no-spin test). */
    long endOfFileReads() {
        return endOfFileReads.get();
    }

    /** Stops after the current read; the caller closes the device to wake a blocked read. */
    void stop() {
        stopSignal.countDown();
    }

    /** Wakes the receive loop (e.g. on close) without waiting for the reader. */
    void wake() {
        events.offer(ReadEvent.ReadStarted.INSTANCE);
    }

    /** Waits (bounded) for the thread to end so the next open cannot race an orphaned read. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    private boolean stopped() {
        return stopSignal.getCount() == 0;
    }

    private void loop() {
        Backoff eofBackoff = new Backoff(EOF_RETRY_INITIAL, EOF_RETRY_MAX);
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        boolean afterEndOfFile = true; // the first read may be the attach signal too
        try {
            while (!stopped()) {
                buffer.clear();
                int n;
                pendingSince.set(System.nanoTime());
                if (afterEndOfFile) {
                    publish(ReadEvent.ReadStarted.INSTANCE);
                }
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    publish(new ReadEvent.Failed(e));
                    return;
                } finally {
                    pendingSince.set(NOT_PENDING);
                }
                if (n < 0) {
                    afterEndOfFile = true;
                    endOfFileReads.incrementAndGet();
                    publish(ReadEvent.EndOfFile.INSTANCE);
                    stopSignal.await(eofBackoff.nextMillis(), TimeUnit.MILLISECONDS);
                } else if (n > 0) {
                    afterEndOfFile = false;
                    eofBackoff.reset();
                    byte[] chunk;
                    try {
                        chunk = Arrays.copyOf(buffer.array(), n);
                    } catch (OutOfMemoryError e) {
                        // this thread must not die silently: the receive loop reopens the device
                        publish(new ReadEvent.Failed(new IOException("no memory for a read chunk")));
                        return;
                    }
                    publish(new ReadEvent.Data(chunk));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // only stop() paths get here; the thread ends
        }
    }

    private void publish(ReadEvent event) throws InterruptedException {
        while (!events.offer(event, 200, TimeUnit.MILLISECONDS)) {
            if (stopped()) {
                return;
            }
        }
    }
}
