package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.io.IOException;

/** One statvfs(2) of a mount point. A call can block indefinitely (hung NFS), hence the deadline. */
@FunctionalInterface
interface StatfsProbe {

    /** Sizes in bytes: total (f_blocks), free (f_bfree, incl. root reserve), usable (f_bavail). */
    record Sizes(long totalBytes, long freeBytes, long usableBytes) {
    }

    Sizes probe(String mountPoint) throws IOException;

    /**
     * java.io.File's space queries are plain statvfs calls; unlike {@code Files.getFileStore} they do
     * not re-parse the mount table for every mount point. They report failure as 0, so a zero total
     * is turned into an exception.
     */
    static StatfsProbe system() {
        return FileSpace.INSTANCE;
    }

    /** {@link #system()}: a named class, not a lambda (no lambda runs in a metrics cycle, issue #17). */
    final class FileSpace implements StatfsProbe {
        static final FileSpace INSTANCE = new FileSpace();

        private FileSpace() {
        }

        @Override
        public Sizes probe(String mountPoint) throws IOException {
            File f = new File(mountPoint);
            long total = f.getTotalSpace();
            if (total <= 0) {
                throw new IOException("statvfs gave no size for " + mountPoint);
            }
            return new Sizes(total, f.getFreeSpace(), f.getUsableSpace());
        }
    }
}
