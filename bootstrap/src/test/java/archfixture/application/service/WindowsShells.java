package archfixture.application.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Planted violations: the core names an OS, writes a file and starts a program itself. */
public class WindowsShells {
    public void write(Path p) throws IOException {
        Files.writeString(p, "x");
    }

    public Process start() throws IOException {
        return new ProcessBuilder("cmd.exe").start();
    }
}
