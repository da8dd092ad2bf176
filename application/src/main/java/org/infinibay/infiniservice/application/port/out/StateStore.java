package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;
import java.util.Optional;

/**
 * The agent's private state directory (CONTRACT §1.6): small named documents written atomically,
 * readable only by the agent's account. Operations on one document are serialised by its one owner
 * (e.g. the replay store, the outbound spool); different documents may be used concurrently.
 */
public interface StateStore {

    Optional<byte[]> read(String name) throws IOException;

    /** Replaces the document atomically: a crash leaves either the old or the new content. */
    void write(String name, byte[] content) throws IOException;

    /**
     * Appends to a document (creating it), durably. The default rewrites the whole document;
     * file-backed stores override it with a real append.
     */
    default void append(String name, byte[] content) throws IOException {
        byte[] old = read(name).orElse(new byte[0]);
        byte[] all = new byte[old.length + content.length];
        System.arraycopy(old, 0, all, 0, old.length);
        System.arraycopy(content, 0, all, old.length, content.length);
        write(name, all);
    }

    /**
     * Appends to a document (creating it) without waiting for the disk: when this returns the bytes
     * are in the operating system (the page cache), so they survive the agent's own crash, a
     * {@code kill -9} or a service restart, and every later {@link #read} sees them, but an OS crash
     * or power loss before the next {@link #sync} of the document may lose them. The default is a
     * durable {@link #append}; file-backed stores override both methods.
     */
    default void appendUnsynced(String name, byte[] content) throws IOException {
        append(name, content);
    }

    /**
     * Makes everything appended to the document so far durable (fdatasync). A {@link #write} or
     * {@link #delete} since the last append has already superseded the appended bytes. The default
     * does nothing, which is right for stores whose appends are always durable.
     */
    default void sync(String name) throws IOException {
    }

    void delete(String name) throws IOException;

    /** Where the state lives, for {@code diagnose}. */
    String location();
}
