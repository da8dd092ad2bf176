package org.infinibay.infiniservice.adapters.windows.channel;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A port that plays the completions the vioserial driver produces (CONTRACT §3.3): reads block until
 * the test supplies a completion (bytes, a 0-byte completion, or an error); writes complete, time out
 * or fail as scripted. Stands in for the device, which cannot exist on Linux.
 */
final class ScriptedPort implements PortIo {
    private final java.util.concurrent.LinkedBlockingDeque<Object> reads = new java.util.concurrent.LinkedBlockingDeque<>();
    private final BlockingQueue<PortIo.WriteResult> writeScript = new LinkedBlockingQueue<>();
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final AtomicInteger readCalls = new AtomicInteger();
    volatile boolean closed;
    /** When set, every read completes empty at once (a detached port). */
    volatile boolean alwaysEmpty;

    void data(byte[] bytes) {
        reads.add(bytes);
    }

    void empty() {
        reads.add(ReadResult.Empty.INSTANCE);
    }

    void fail(int code) {
        reads.add(new ReadResult.Failed(code, 0));
    }

    void nextWrite(PortIo.WriteResult r) {
        writeScript.add(r);
    }

    synchronized String writtenText() {
        return written.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public ReadResult read(byte[] buffer) {
        readCalls.incrementAndGet();
        try {
            while (!closed) {
                if (alwaysEmpty) {
                    return ReadResult.Empty.INSTANCE;
                }
                Object o = reads.poll(20, TimeUnit.MILLISECONDS);
                if (o == null) {
                    continue;
                }
                if (o instanceof byte[] b) {
                    int n = Math.min(b.length, buffer.length);
                    System.arraycopy(b, 0, buffer, 0, n);
                    if (n < b.length) { // the rest arrives with the next read, as from the driver
                        byte[] rest = new byte[b.length - n];
                        System.arraycopy(b, n, rest, 0, rest.length);
                        reads.offerFirst(rest);
                    }
                    return new ReadResult.Data(n);
                }
                return (ReadResult) o;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ReadResult.Failed(Win32Errors.ERROR_OPERATION_ABORTED, 0);
    }

    @Override
    public WriteResult write(byte[] data, int offset, int length, long timeoutMillis) {
        if (closed) {
            return new WriteResult.Failed(Win32Errors.ERROR_INVALID_HANDLE, 0);
        }
        WriteResult r = writeScript.poll();
        if (r == null) {
            r = new WriteResult.Done(length);
        }
        int n = r instanceof WriteResult.Done d ? d.count() : r instanceof WriteResult.TimedOut t ? t.transferred()
                : ((WriteResult.Failed) r).transferred();
        synchronized (this) {
            written.write(data, offset, n);
        }
        return r;
    }

    @Override
    public void close() {
        closed = true;
    }

    static Supplier<ScriptedPort> single(ScriptedPort p) {
        return () -> p;
    }
}
