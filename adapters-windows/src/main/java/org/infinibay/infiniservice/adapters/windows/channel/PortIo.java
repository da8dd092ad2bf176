package org.infinibay.infiniservice.adapters.windows.channel;

import java.io.Closeable;

/**
 * One open port handle with overlapped I/O (CONTRACT §1.5): a read and a write may be in flight at
 * the same time, each with its own OVERLAPPED structure, so a pending read never blocks a write.
 * {@link Win32OverlappedPort} is the native implementation; tests use scripted fakes fed with the
 * completions the vioserial driver is documented to produce (§3.3).
 */
public interface PortIo extends Closeable {

    /**
     * Reads into {@code buffer}; blocks until the read completes, fails or {@link #close()} runs.
     * Only the channel's reader thread calls it.
     */
    ReadResult read(byte[] buffer);

    /**
     * Writes {@code length} bytes; waits at most {@code timeoutMillis} for completion, then cancels
     * the operation ({@code CancelIoEx}) and collects its result (bytes already transferred are
     * kept and reported). Only the writer thread calls it.
     */
    WriteResult write(byte[] data, int offset, int length, long timeoutMillis);

    /** Cancels pending I/O and closes the handle; wakes a blocked reader and writer. Idempotent. */
    @Override
    void close();

    /** The outcome of one read. */
    sealed interface ReadResult {
        /** {@code count} > 0 bytes arrived. */
        record Data(int count) implements ReadResult {
        }

        /** A 0-byte completion: on vioserial, no host attached (§3.3). */
        enum Empty implements ReadResult {
            INSTANCE
        }

        /** The read failed with a Win32 error; {@link Win32Errors#classify} says what it means. */
        record Failed(int errorCode, int bytesKept) implements ReadResult {
        }
    }

    /** The outcome of one write. */
    sealed interface WriteResult {
        record Done(int count) implements WriteResult {
        }

        /** Not completed within the timeout and cancelled; {@code transferred} bytes went out. */
        record TimedOut(int transferred) implements WriteResult {
        }

        record Failed(int errorCode, int transferred) implements WriteResult {
        }
    }
}
