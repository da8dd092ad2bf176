package org.infinibay.infiniservice.testkit.fakeos;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;

/** Script files in the fake machine's memory: a path is only a name the fake launcher looks up. */
final class MemoryScriptFiles implements ScriptFiles {
    private final FakeMachine machine;
    private final AtomicInteger runs = new AtomicInteger();

    MemoryScriptFiles(FakeMachine machine) {
        this.machine = machine;
    }

    @Override
    public Path create(String content, String extension, String owner) throws IOException {
        if (owner != null) {
            throw new IOException("no named accounts on FakeOS");
        }
        Path file = Path.of("/fake/scripts/run-" + runs.incrementAndGet(), "script" + extension);
        machine.files.put(file.toString(), content);
        return file;
    }

    @Override
    public void delete(Path file) {
        machine.files.remove(file.toString());
    }
}
