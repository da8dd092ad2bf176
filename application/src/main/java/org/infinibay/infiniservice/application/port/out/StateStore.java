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

    void delete(String name) throws IOException;

    /** Where the state lives, for {@code diagnose}. */
    String location();
}
