package org.infinibay.infiniservice.adapters.serial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The single-instance guard of CONTRACT §1.5: an exclusive lock on {@code infiniservice.lock} in
 * the given directory, held for the life of the process, so a second copy cannot steal the port
 * (it would get EBUSY, or worse, open it between our reopens). The kernel drops the lock when the
 * process dies, so a stale file never blocks a restart. The holder's PID is written for humans.
 */
public final class InstanceLock implements AutoCloseable {
    public static final String FILE_NAME = "infiniservice.lock";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails at once (never waits).
     *
     * @throws InstanceAlreadyRunningException when another instance holds it
     * @throws IOException when the lock file cannot be created or locked
     */
    public static InstanceLock acquire(Path directory) throws InstanceAlreadyRunningException, IOException {
        Files.createDirectories(directory);
        Path path = directory.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already: still "another instance" for the caller
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = readHolder(channel);
            channel.close();
            throw new InstanceAlreadyRunningException("another InfiniService instance is running (lock "
                    + path + (holder.isEmpty() ? "" : ", pid " + holder) + "); refusing to open the host channel");
        }
        writePid(channel);
        return new InstanceLock(path, channel, lock);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    private static void writePid(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            return text.chars().allMatch(Character::isDigit) ? text : "";
        } catch (IOException e) {
            return "";
        }
    }
}
