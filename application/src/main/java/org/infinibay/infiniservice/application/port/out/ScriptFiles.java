package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Private temporary files for host-scheduled scripts (CONTRACT §10.1: scripts run as files): how a
 * script file is created, protected and removed is the guest's (POSIX modes and ownership, NTFS ACLs,
 * the encoding an interpreter expects). One directory per script, holding one file.
 */
public interface ScriptFiles {

    /**
     * Writes {@code content} to a new private file named {@code script<extension>}.
     *
     * @param owner the account that runs the script and must be able to read it (and nothing else);
     *              {@code null}: the agent's own account
     * @return the file, to pass to the shell table and then to {@link #delete}
     */
    Path create(String content, String extension, String owner) throws IOException;

    /** Removes a file {@link #create} made, and its directory, without following any link; never throws. */
    void delete(Path file);
}
