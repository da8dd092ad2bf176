/**
 * Wires the agent for each guest OS (Dagger: one core component over one guest component) and holds the
 * command line (Picocli), the embedded host simulator used by {@code demo} and the tests, and
 * diagnostics. A guest OS outside this module (testkit-fakeos) is wired through the exported
 * {@code guest} package and {@link org.infinibay.infiniservice.bootstrap.Agents}.
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
    // what a guest OS module needs to be wired: the GuestOs contract, the configuration and policy location
    exports org.infinibay.infiniservice.bootstrap.guest;
    exports org.infinibay.infiniservice.bootstrap.config;
    exports org.infinibay.infiniservice.bootstrap.policy;
    // the serial channel and codec, for a guest component outside bootstrap to include (ports only)
    exports org.infinibay.infiniservice.bootstrap.os.serial;
    opens org.infinibay.infiniservice.bootstrap.cli to info.picocli;
    // Every System.Logger of the process: on Linux without java.util.logging (docs/performance.md).
    provides java.lang.System.LoggerFinder with org.infinibay.infiniservice.bootstrap.logging.LineLoggerFinder;
}
