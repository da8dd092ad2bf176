package org.infinibay.infiniservice.adapters.serial.channel;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** Opens a port. Production uses {@link #READ_WRITE_FILE}; tests substitute a FIFO opener. */
@FunctionalInterface
interface DeviceOpener {

    OpenDevice open(Path path) throws IOException;

    /**
     * Exactly one {@code open(O_RDWR)} (a virtio port accepts one open). One {@link FileChannel}
     * for both directions would serialise a pending read and every write on one lock, so the
     * descriptor gets a read channel and a separate write channel (qemu-e2e test E).
     */
    DeviceOpener READ_WRITE_FILE = new ReadWriteFile();

    /** {@link #READ_WRITE_FILE}: a named class, not a lambda (none runs at start-up, issue #17). */
    final class ReadWriteFile implements DeviceOpener {
        private ReadWriteFile() {
        }

        @Override
        public OpenDevice open(Path path) throws IOException {
            RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
            try {
                FileChannel in = new FileInputStream(file.getFD()).getChannel();
                FileChannel out = new FileOutputStream(file.getFD()).getChannel();
                return new OpenDevice(path, in, out, file);
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
    }
}
