/**
 * Wires the agent for each platform (Dagger) and holds the command line (Picocli), the embedded
 * host simulator used by {@code demo} and the tests, and diagnostics.
 */
module org.infinibay.infiniservice.bootstrap {
    requires org.infinibay.infiniservice.domain;
    requires org.infinibay.infiniservice.application;
    requires org.infinibay.infiniservice.adapters.serial;
    requires org.infinibay.infiniservice.adapters.posix;
    requires org.infinibay.infiniservice.adapters.linux;
    // Static: the Windows adapter (OSHI, JNA, java.desktop) is resolved only on Windows, where the
    // launcher adds it with --add-modules; a Linux agent never loads it.
    requires static org.infinibay.infiniservice.adapters.windows;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.toml;
    requires java.logging;
    requires dagger;
    requires jakarta.inject;
    requires info.picocli;

    exports org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.bootstrap.hostsim;
    opens org.infinibay.infiniservice.bootstrap.cli to info.picocli;
}
