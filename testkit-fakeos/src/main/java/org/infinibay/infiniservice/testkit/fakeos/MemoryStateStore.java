package org.infinibay.infiniservice.testkit.fakeos;

import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;

/** The state directory in memory (replay cache, spool, usage...): durable for the life of the test. */
final class MemoryStateStore implements StateStore {
    private final FakeMachine machine;

    MemoryStateStore(FakeMachine machine) {
        this.machine = machine;
    }

    @Override
    public Optional<byte[]> read(String name) {
        byte[] b = machine.state.get(name);
        return Optional.ofNullable(b == null ? null : b.clone());
    }

    @Override
    public void write(String name, byte[] content) {
        machine.state.put(name, content.clone());
    }

    @Override
    public void delete(String name) {
        machine.state.remove(name);
    }

    @Override
    public String location() {
        return "memory";
    }
}
