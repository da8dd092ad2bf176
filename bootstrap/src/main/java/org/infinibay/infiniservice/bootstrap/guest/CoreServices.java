package org.infinibay.infiniservice.bootstrap.guest;

import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;

/**
 * What the core lends a guest OS's adapters: the one execution engine (argv only, sanitised
 * environment, capped output, deadlines, whole-tree kill), through which every program an adapter
 * runs (package managers, service managers, PowerShell...) goes, and the agent's one timer thread,
 * on which an adapter runs its short time checks instead of starting a thread of its own (the
 * virtio channel's "a read pending 250 ms means a host attached"). A guest component depends on this
 * interface; the core provides it once both are built.
 */
public interface CoreServices {

    ProgramRunner programs();

    /** The shared timer ({@code infiniservice-timer}); its tasks must be short and must never block. */
    ScheduledExecutorService timers();
}
