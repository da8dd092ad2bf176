package org.infinibay.infiniservice.application.port.out.os;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where ExecutePowerShellScript (§8.5.11) runs: the interpreter, and private script files. The
 * handler builds the argv and runs it through the execution engine, so deadlines and the
 * whole-tree kill apply as for every other program.
 */
public interface ScriptHost {

    /** How replies name the scripting language (e.g. {@code PowerShell}). */
    String language();

    /** The interpreter (e.g. {@code pwsh.exe} when installed, else {@code powershell.exe}); empty when none. */
    Optional<String> interpreter();

    /** The argv running the script {@code file} with {@code interpreter}: never the script text itself. */
    List<String> command(String interpreter, String file);

    /**
     * Writes {@code script} to a new file in a directory only the agent account and administrators
     * can read (§8.5.11); the caller deletes it with {@link #delete}.
     *
     * @return the file's absolute path
     */
    String writePrivateScript(String script) throws IOException;

    /** Deletes a file written by {@link #writePrivateScript}; failures are logged, not thrown. */
    void delete(String path);

    /** Whether {@code path} names an existing directory (the {@code working_directory} rule of §10.2). */
    boolean isDirectory(String path);

    /** Whether {@code path} names an existing regular file ({@code script_type:"file"}). */
    boolean isFile(String path);
}
