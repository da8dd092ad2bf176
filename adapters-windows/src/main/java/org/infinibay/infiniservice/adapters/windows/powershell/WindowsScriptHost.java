package org.infinibay.infiniservice.adapters.windows.powershell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.infinibay.infiniservice.adapters.windows.state.WindowsStateStore;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * ExecutePowerShellScript's host (§8.5.11): {@code pwsh.exe} when PowerShell 7 is installed, else
 * Windows PowerShell; inline scripts are written to a directory whose ACL grants only SYSTEM and
 * Administrators, with a UTF-8 byte-order mark (Windows PowerShell 5.1 reads a BOM-less file in
 * the ANSI code page and would garble non-ASCII text).
 */
public final class WindowsScriptHost implements ScriptHost {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final System.Logger LOG = Logs.get(WindowsScriptHost.class);

    private final Path scriptDir;
    private final WindowsStateStore secured;
    private final Map<String, String> env;

    /** @param scriptDir a directory under the agent's private state directory */
    /** ExecutePowerShellScript's fixed flags: no profile, no prompts, no execution-policy refusal, then the file. */
    public static final List<String> FLAGS = List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
            "-File");

    public WindowsScriptHost(Path scriptDir, Map<String, String> env) {
        this.scriptDir = scriptDir;
        this.secured = new WindowsStateStore(scriptDir);
        this.env = env;
    }

    @Override
    public Optional<String> interpreter() {
        for (Path p : candidates(env)) {
            if (Files.isRegularFile(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /** pwsh.exe (Program Files, then PATH), then powershell.exe under the system root. */
    static List<Path> candidates(Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String programFiles = env.getOrDefault("ProgramFiles", "C:\\Program Files");
        out.add(Path.of(programFiles, "PowerShell", "7", "pwsh.exe"));
        String path = env.getOrDefault("Path", env.getOrDefault("PATH", ""));
        for (String dir : path.split(";")) {
            if (!dir.isBlank()) {
                try {
                    out.add(Path.of(dir.strip().replace("\"", ""), "pwsh.exe"));
                } catch (RuntimeException e) {
                    // an unusable PATH entry
                }
            }
        }
        String root = env.getOrDefault("SystemRoot", "C:\\Windows");
        out.add(Path.of(root, "System32", "WindowsPowerShell", "v1.0", "powershell.exe"));
        return out;
    }

    @Override
    public String writePrivateScript(String script) throws IOException {
        secured.secure();
        Path file = scriptDir.resolve("script-" + UUID.randomUUID() + ".ps1");
        byte[] text = script.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[BOM.length + text.length];
        System.arraycopy(BOM, 0, all, 0, BOM.length);
        System.arraycopy(text, 0, all, BOM.length, text.length);
        Files.write(file, all, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return file.toString();
    }

    @Override
    public void delete(String path) {
        try {
            Files.deleteIfExists(Path.of(path));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "script file not deleted: {0}", e.getMessage());
        }
    }

    @Override
    public boolean isDirectory(String path) {
        try {
            return Files.isDirectory(Path.of(path));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean isFile(String path) {
        try {
            return Files.isRegularFile(Path.of(path), LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(Path.of(path));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String language() {
        return "PowerShell";
    }

    /** The interpreter with {@link #FLAGS} and the file: never the script text itself. */
    @Override
    public List<String> command(String interpreter, String file) {
        List<String> argv = new ArrayList<>();
        argv.add(interpreter);
        argv.addAll(FLAGS);
        argv.add(file);
        return argv;
    }
}
