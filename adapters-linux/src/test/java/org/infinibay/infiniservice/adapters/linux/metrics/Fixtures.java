package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recorded /proc content from test resources, loaded into a {@link ProcFile} or a fake root. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/recorded/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a resource to {@code root/relative} and returns the written path. */
    static Path place(Path root, String relative, String resource) throws IOException {
        return write(root, relative, bytes(resource));
    }

    static Path write(Path root, String relative, String content) throws IOException {
        return write(root, relative, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static Path write(Path root, String relative, byte[] content) throws IOException {
        Path p = root.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    static ProcFile load(Path root, String relative, String resource) throws IOException {
        return new ProcFile(64).load(place(root, relative, resource).toString());
    }
}
