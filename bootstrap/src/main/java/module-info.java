/**
 * Wires the agent for each platform (Dagger) and holds the command line (Picocli), the embedded
 * host simulator used by {@code demo} and the tests, and diagnostics.
 */
module org.infinibay.infiniservice.bootstrap {
    requires org.infinibay.infiniservice.domain;
    requires org.infinibay.infiniservice.application;
    requires org.infinibay.infiniservice.adapters.serial;
    requires org.infinibay.infiniservice.adapters.linux;
    requires com.fasterxml.jackson.core;
    requires java.logging;
    requires dagger;
    requires jakarta.inject;
    requires info.picocli;

    exports org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.bootstrap.hostsim;
    opens org.infinibay.infiniservice.bootstrap.cli to info.picocli;
}
