package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;

/**
 * The line channel to the host (a virtio-serial port, or a Unix socket in test mode). The adapter
 * owns device discovery, opening, framing (CONTRACT §2), detach detection and reopen back-off
 * (§3); the application sees attach/detach events and whole lines.
 */
public interface HostChannel extends AutoCloseable {

    /**
     * Runs the receive side on the calling thread until {@link #close()} or interruption, reporting
     * every attach, detach and complete line to the listener. Never spins while detached.
     */
    void run(HostChannelListener listener) throws InterruptedException;

    /**
     * Writes one complete line; the channel appends {@code \n}. Only the writer thread calls this.
     * It may block while a host is attached but slow (and, on a virtio port, while detached).
     *
     * @throws HostDetachedException when no host is attached and the line was not written
     * @throws IOException on any other failure; the line was not (completely) written
     */
    void writeLine(String asciiLine) throws HostDetachedException, IOException;

    /** A short description for logs and {@code diagnose}, e.g. the device path. */
    String describe();

    /** Stops {@link #run}, wakes a blocked writer and releases the device. */
    @Override
    void close();
}
