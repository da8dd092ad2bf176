package org.infinibay.infiniservice.core;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.infinibay.infiniservice.application.port.out.StateStore;

/** A real store underneath; records every mutating call ("appendUnsynced x", "sync x", ...) in order. */
final class RecordingStateStore implements StateStore {
    final List<String> calls;
    private final StateStore real;

    RecordingStateStore(StateStore real) {
        this(real, new CopyOnWriteArrayList<>());
    }

    /** @param calls shared with other recorders, so the test sees one ordered trace */
    RecordingStateStore(StateStore real, List<String> calls) {
        this.real = real;
        this.calls = calls;
    }

    long count(String call) {
        return calls.stream().filter(call::equals).count();
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        return real.read(name);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        calls.add("write " + name);
        real.write(name, content);
    }

    @Override
    public void append(String name, byte[] content) throws IOException {
        calls.add("append " + name);
        real.append(name, content);
    }

    @Override
    public void appendUnsynced(String name, byte[] content) throws IOException {
        calls.add("appendUnsynced " + name);
        real.appendUnsynced(name, content);
    }

    @Override
    public void sync(String name) throws IOException {
        calls.add("sync " + name);
        real.sync(name);
    }

    @Override
    public void delete(String name) throws IOException {
        calls.add("delete " + name);
        real.delete(name);
    }

    @Override
    public String location() {
        return real.location();
    }
}
