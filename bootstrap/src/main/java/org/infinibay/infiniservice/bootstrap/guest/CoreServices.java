package org.infinibay.infiniservice.bootstrap.guest;

import org.infinibay.infiniservice.application.port.in.ProgramRunner;

/**
 * What the core lends a guest OS's adapters: the one execution engine (argv only, sanitised
 * environment, capped output, deadlines, whole-tree kill), through which every program an adapter
 * runs (package managers, service managers, PowerShell...) goes. A guest component depends on this
 * interface; the core provides it once both are built.
 */
public interface CoreServices {

    ProgramRunner programs();
}
