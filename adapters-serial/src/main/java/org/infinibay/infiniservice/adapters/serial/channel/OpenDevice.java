package org.infinibay.infiniservice.adapters.serial.channel;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * One open port: separate read and write channels over a single file descriptor (CONTRACT §1.5,
 * pitfall P25), plus whatever owns that descriptor.
 */
record OpenDevice(Path path, ReadableByteChannel in, WritableByteChannel out, Closeable owner) {

    /** Closes the read side first: that is what wakes a blocked reader (qemu-e2e test C/E). */
    void close() {
        closeQuietly(in);
        closeQuietly(out);
        closeQuietly(owner);
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            Logs.get(OpenDevice.class)
                    .log(System.Logger.Level.DEBUG, "Closing the device failed: {0}", e.toString());
        }
    }
}
