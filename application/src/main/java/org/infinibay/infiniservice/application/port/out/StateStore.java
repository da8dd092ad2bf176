package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;
import java.util.Optional;

/**
 * The agent's private state directory (CONTRACT §1.6): small named documents written atomically,
 * readable only by the agent's account.
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

    void delete(String name) throws IOException;

    /** Where the state lives, for {@code diagnose}. */
    String location();
}
