package org.infinibay.infiniservice.adapters.posix.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The agent's private state directory (CONTRACT §1.6): mode 0700, documents 0600, each write
 * atomic (temp file in the same directory, fsync, rename, fsync of the directory), so a crash leaves
 * the old or the new content and no other account can read or plant state (e.g. the replay cache).
 *
 * <p>Appends (the replay cache, the outbound spool) go through one O_APPEND channel per document
 * that stays open until the document is replaced or deleted; {@link #appendUnsynced} leaves the
 * {@code fdatasync} to a later {@link #sync}, {@link #append} does both.
 *
 * <p>The directory is created or tightened on first use, not in the constructor, so wiring never
 * fails; the first operation reports a clear IOException instead.
 */
public final class FileStateStore implements StateStore {
    private static final System.Logger LOG = Logs.get(FileStateStore.class);
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final int MAX_NAME = 200;
    /** State documents are small; anything bigger is corrupt or planted and is not loaded into memory. */
    private static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;

    private static final Set<StandardOpenOption> CREATE_NEW_WRITE =
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final int MAX_TEMP_ATTEMPTS = 100;

    private final Path dir;
    /** Temp-file names: distinct per process (monotonic clock at start), then a counter. */
    private final String tempPrefix = Long.toString(System.nanoTime(), 36) + "-";
    private final AtomicLong tempSeq = new AtomicLong();
    private volatile boolean ready;
    private boolean modeWarned;
    /** Open O_APPEND channels, one per appended document; closed when write() or delete() replaces it. */
    private final Map<String, Appender> appenders = new HashMap<>();

    private static final class Appender {
        final FileChannel channel;
        /** The append created the file: its directory entry is made durable by the next sync. */
        boolean created;

        Appender(FileChannel channel, boolean created) {
            this.channel = channel;
            this.created = created;
        }
    }

    public FileStateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        Path p = resolve(name);
        ensureDirectory();
        try {
            if (Files.size(p) > MAX_DOCUMENT_BYTES) {
                throw new IOException("state document too large: " + name);
            }
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path target = resolve(name);
        ensureDirectory();
        synchronized (appenders) {
            invalidate(name); // the rename below replaces the file an open append channel points to
        }
        Path tmp = createTemp(name);
        boolean moved = false;
        try {
            // the create mode is filtered by the umask only toward stricter, but set it
            // explicitly anyway: the contract is 0600 whatever the environment.
            Files.setPosixFilePermissions(tmp, FILE_MODE);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("state directory does not support atomic rename: " + dir, e);
            }
            moved = true;
            syncDirectory();
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * A new, empty temp file for {@code name} in the directory, created with O_EXCL (never an existing
     * file or a planted link). Not {@link Files#createTempFile}: its random name costs
     * {@code SecureRandom} and the JCA provider machinery on the steady path (every replay-cache
     * flush). The name is unique in this process; a leftover of a crash that has the same name is
     * skipped by trying the next one.
     */
    private Path createTemp(String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + tempPrefix + tempSeq.incrementAndGet() + ".tmp");
            try {
                FileChannel.open(tmp, CREATE_NEW_WRITE, PosixFilePermissions.asFileAttribute(FILE_MODE)).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == MAX_TEMP_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * A real append, durable when it returns: {@link #appendUnsynced} then {@link #sync}. (The port's
     * default rewrote the whole document: for the replay cache that was a read, a temp-file write and
     * two fsyncs of an ever-growing file on every accepted envelope.)
     */
    @Override
    public void append(String name, byte[] content) throws IOException {
        appendUnsynced(name, content);
        sync(name);
    }

    /**
     * One O_APPEND {@code write(2)} on a channel kept open per document (opening and closing the file
     * for each entry cost 6-13 µs more than the 2 µs write itself, see docs/performance.md). The entry
     * is in the page cache when this returns: a crash or kill of the agent cannot lose it, an OS crash
     * can until {@link #sync}. A torn last line after a power loss is skipped by the reader.
     */
    @Override
    public void appendUnsynced(String name, byte[] content) throws IOException {
        Path target = resolve(name);
        ensureDirectory();
        synchronized (appenders) {
            Appender a = appenders.get(name);
            if (a == null) {
                boolean created = !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
                FileChannel ch = FileChannel.open(target, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                        StandardOpenOption.CREATE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(FILE_MODE));
                a = new Appender(ch, created);
                appenders.put(name, a);
            }
            try {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    a.channel.write(buf);
                }
            } catch (IOException e) {
                invalidate(name); // the next append reopens the file
                throw e;
            }
        }
    }

    /**
     * {@code fdatasync} of the document's open append channel (and of the directory when the append
     * created the file). Runs outside the lock, so a background sync never delays an append of the
     * receive thread. Nothing to do when nothing was appended since the last {@link #write} or
     * {@link #delete}: those replaced or removed the appended bytes and are durable themselves.
     */
    @Override
    public void sync(String name) throws IOException {
        resolve(name);
        Appender a;
        boolean directory;
        synchronized (appenders) {
            a = appenders.get(name);
            if (a == null) {
                return;
            }
            directory = a.created;
            a.created = false;
        }
        try {
            a.channel.force(false);
        } catch (ClosedChannelException e) {
            return; // closed by write() or delete() meanwhile: the appended bytes were superseded
        } catch (IOException e) {
            synchronized (appenders) {
                a.created |= directory; // try the directory again with the next sync
            }
            throw e;
        }
        if (directory) {
            syncDirectory();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Path p = resolve(name);
        ensureDirectory();
        synchronized (appenders) {
            invalidate(name);
        }
        if (Files.deleteIfExists(p)) {
            syncDirectory();
        }
    }

    @Override
    public String location() {
        return dir.toString();
    }

    /** Closes the document's append channel, if any; the caller holds {@code appenders}. */
    private void invalidate(String name) {
        Appender a = appenders.remove(name);
        if (a != null) {
            try {
                a.channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing an append channel failed: {0}", e.toString());
            }
        }
    }

    /** Names are plain file names: {@code [A-Za-z0-9._-]+}, not "." or "..". */
    private Path resolve(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("invalid state name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new IllegalArgumentException("invalid state name: only [A-Za-z0-9._-] allowed");
            }
        }
        return dir.resolve(name);
    }

    private void ensureDirectory() throws IOException {
        if (ready) {
            return;
        }
        synchronized (this) {
            if (ready) {
                return;
            }
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            Set<PosixFilePermission> actual = Files.getPosixFilePermissions(dir);
            if (!actual.equals(DIR_MODE)) {
                try {
                    Files.setPosixFilePermissions(dir, DIR_MODE);
                    LOG.log(System.Logger.Level.WARNING, "state directory {0} had mode {1}; set to rwx------", dir,
                            PosixFilePermissions.toString(actual));
                } catch (java.nio.file.FileSystemException e) {
                    // a read-only file system: nobody can plant state there either; reads go on (the replay
                    // cache must still load), writes fail on their own; tried again on the next operation
                    if (!modeWarned) {
                        modeWarned = true;
                        LOG.log(System.Logger.Level.WARNING, "state directory {0} has mode {1} and cannot be "
                                + "tightened ({2})", dir, PosixFilePermissions.toString(actual), e.getReason());
                    }
                    return;
                }
            }
            ready = true;
        }
    }

    /** Makes the rename itself durable: without it a power loss can forget the new directory entry. */
    private void syncDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "directory fsync not supported: {0}", e.toString());
        }
    }
}
