package org.infinibay.infiniservice.adapters.serial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.infinibay.infiniservice.domain.crypto.Sha256;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The single-instance guard of CONTRACT §1.5: an exclusive lock on {@code infiniservice.lock} in
 * the state directory, held for the life of the process, so a second copy cannot steal the port
 * (it would get EBUSY, or worse, open it between our reopens). The kernel drops the lock when the
 * process dies, so a stale file never blocks a restart. The holder's PID is written for humans
 * (best effort: a full disk does not stop the agent).
 *
 * <p>When the state directory cannot be written (read-only, full, its parent read-only) the guarantee
 * still holds, through two fallbacks that every instance applies the same way:
 * <ul>
 *   <li>an existing lock file is opened read-only and locked <em>shared</em>: refused while another
 *       instance holds it exclusively, and while held it keeps a later instance (whose directory became
 *       writable again) from taking it exclusively;</li>
 *   <li>an exclusive lock on {@code <runtime dir>/instance-<hash of the state directory>.lock}
 *       (Linux: {@code /run/infiniservice}, a tmpfs that is neither read-only nor full when
 *       {@code /var} is). An instance that got the state-directory lock also takes this one when its
 *       file exists, so it meets an instance that holds only the runtime lock.</li>
 * </ul>
 * When neither can be taken there is no guarantee left, and the agent does not start (a clear error,
 * not a stack trace). {@link #degraded()} says why the state-directory lock was not used.
 */
public final class InstanceLock implements AutoCloseable {
    public static final String FILE_NAME = "infiniservice.lock";
    private static final System.Logger LOG = Logs.get(InstanceLock.class);

    private final Path path;
    private final List<FileChannel> channels;
    private final List<FileLock> locks;
    private final String degraded;

    private InstanceLock(Path path, List<FileChannel> channels, List<FileLock> locks, String degraded) {
        this.path = path;
        this.channels = List.copyOf(channels);
        this.locks = List.copyOf(locks);
        this.degraded = degraded;
    }

    /**
     * Takes the lock or fails at once (never waits), with the platform's runtime directory as fallback.
     *
     * @throws InstanceAlreadyRunningException when another instance holds it
     * @throws IOException when no lock at all can be taken
     */
    public static InstanceLock acquire(Path directory) throws InstanceAlreadyRunningException, IOException {
        return acquire(directory, defaultRuntimeDirectory());
    }

    /**
     * @param runtimeDirectory where the fallback lock lives; {@code null}: no fallback
     */
    public static InstanceLock acquire(Path directory, Path runtimeDirectory)
            throws InstanceAlreadyRunningException, IOException {
        Path path = directory.resolve(FILE_NAME);
        List<FileChannel> channels = new ArrayList<>();
        List<FileLock> locks = new ArrayList<>();
        boolean done = false;
        try {
            String degraded = null;
            boolean exclusive = false;
            try {
                Files.createDirectories(directory);
                FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                channels.add(ch);
                locks.add(lockOrRefuse(ch, false, path));
                exclusive = true;
                writePid(ch, path);
            } catch (InstanceAlreadyRunningException e) {
                throw e;
            } catch (IOException e) {
                degraded = "lock file " + path + " cannot be written (" + reason(e) + ")";
                sharedLock(path, channels, locks);
            }
            Path runtime = runtimeDirectory == null ? null : runtimeDirectory.resolve(runtimeName(directory));
            if (runtime != null && (!exclusive || Files.exists(runtime))) {
                try {
                    Files.createDirectories(runtimeDirectory, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    FileChannel ch = FileChannel.open(runtime, StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                    channels.add(ch);
                    locks.add(lockOrRefuse(ch, false, runtime));
                    writePid(ch, runtime);
                    exclusive = true;
                } catch (InstanceAlreadyRunningException e) {
                    throw e;
                } catch (IOException | UnsupportedOperationException e) {
                    if (!exclusive) {
                        throw new IOException("no single-instance lock can be taken: " + degraded + ", and the "
                                + "fallback " + runtime + " cannot be used either (" + reason(e) + ")", e);
                    }
                }
            }
            if (!exclusive) {
                throw new IOException("no single-instance lock can be taken: " + degraded
                        + (runtime == null ? " and this platform has no fallback lock" : ""));
            }
            if (degraded != null) {
                LOG.log(System.Logger.Level.WARNING, "{0}: the single-instance lock is held through {1} instead",
                        degraded, runtime);
            }
            done = true;
            return new InstanceLock(path, channels, locks, degraded);
        } finally {
            if (!done) {
                closeAll(channels);
            }
        }
    }

    /** Linux: {@code /run/infiniservice} when {@code /run} exists; no fallback elsewhere. */
    static Path defaultRuntimeDirectory() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return null;
        }
        Path run = Path.of("/run");
        return Files.isDirectory(run) ? run.resolve("infiniservice") : null;
    }

    /** One fallback lock per state directory (the same directory is the same instance). */
    static String runtimeName(Path directory) {
        String key;
        try {
            key = directory.toRealPath().toString();
        } catch (IOException e) {
            key = directory.toAbsolutePath().normalize().toString();
        }
        byte[] d = Sha256.hash(key.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder("instance-");
        for (int i = 0; i < 8; i++) {
            hex.append(Character.forDigit((d[i] >> 4) & 0xF, 16)).append(Character.forDigit(d[i] & 0xF, 16));
        }
        return hex.append(".lock").toString();
    }

    /** The read-only fallback on an existing lock file: a shared lock, refused while someone holds it. */
    private static void sharedLock(Path path, List<FileChannel> channels, List<FileLock> locks)
            throws InstanceAlreadyRunningException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // no file to lock: the runtime lock alone
        }
        channels.add(ch);
        try {
            locks.add(lockOrRefuse(ch, true, path));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "shared lock on {0} not taken: {1}", path, e.toString());
        }
    }

    private static FileLock lockOrRefuse(FileChannel ch, boolean shared, Path path)
            throws IOException, InstanceAlreadyRunningException {
        FileLock lock;
        try {
            lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM already: still "another instance" for the caller
        }
        if (lock == null) {
            String holder = readHolder(ch);
            throw new InstanceAlreadyRunningException("another InfiniService instance is running (lock "
                    + path + (holder.isEmpty() ? "" : ", pid " + holder) + "); refusing to open the host channel");
        }
        return lock;
    }

    public Path path() {
        return path;
    }

    /** Why the state directory's lock file was not used (then the runtime lock holds); empty when it was. */
    public Optional<String> degraded() {
        return Optional.ofNullable(degraded);
    }

    @Override
    public void close() throws IOException {
        try {
            for (FileLock l : locks) {
                l.release();
            }
        } finally {
            closeAll(channels);
        }
    }

    private static void closeAll(List<FileChannel> channels) {
        for (FileChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                // closing releases the lock anyway
            }
        }
    }

    /** For humans only: a full disk must not stop the agent, the lock is what matters. */
    private static void writePid(FileChannel channel, Path path) {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ownPid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "lock {0} held, but the pid could not be written: {1}", path,
                    reason(e));
        }
    }

    /**
     * Where there is procfs, from the {@code /proc/self} link: {@code ProcessHandle.current()} would load
     * the JDK's process reaper machinery (~30 classes) into an agent that may never start a program.
     */
    static long ownPid() {
        try {
            long pid = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
            if (pid > 0) {
                return pid;
            }
        } catch (IOException | RuntimeException e) {
            // no procfs (Windows): the JDK's answer
        }
        return ProcessHandle.current().pid();
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).trim();
            for (int i = 0; i < text.length(); i++) {
                if (!Character.isDigit(text.charAt(i))) {
                    return "";
                }
            }
            return text;
        } catch (IOException e) {
            return "";
        }
    }

    private static String reason(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
