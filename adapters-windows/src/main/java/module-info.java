/**
 * Windows adapters: the overlapped virtio-serial channel and the explicit COM-port channel, the
 * service-control-manager entry and Event Log logging, metrics (OSHI where it is right, registry and
 * native calls where it is not), the state store, the Job-object process launcher and the Windows
 * command set. Native calls go through JNA; every parser is pure Java and tested on Linux.
 */
module org.infinibay.infiniservice.adapters.windows {
    requires transitive org.infinibay.infiniservice.application;
    requires com.sun.jna;
    requires com.sun.jna.platform;
    requires com.github.oshi;
    requires com.fazecast.jSerialComm;
    requires java.logging;
    requires java.management;

    exports org.infinibay.infiniservice.adapters.windows.channel;
    exports org.infinibay.infiniservice.adapters.windows.service;
    exports org.infinibay.infiniservice.adapters.windows.logging;
    exports org.infinibay.infiniservice.adapters.windows.powershell;
    exports org.infinibay.infiniservice.adapters.windows.winget;
    exports org.infinibay.infiniservice.adapters.windows.registry;
    exports org.infinibay.infiniservice.adapters.windows.metrics;
    exports org.infinibay.infiniservice.adapters.windows.system;
    exports org.infinibay.infiniservice.adapters.windows.state;
    exports org.infinibay.infiniservice.adapters.windows.scripts;
    exports org.infinibay.infiniservice.adapters.windows.exec;
    exports org.infinibay.infiniservice.adapters.windows.actions;
    exports org.infinibay.infiniservice.adapters.windows.update;
    exports org.infinibay.infiniservice.adapters.windows.defender;
    exports org.infinibay.infiniservice.adapters.windows.apps;
    exports org.infinibay.infiniservice.adapters.windows.services;
    exports org.infinibay.infiniservice.adapters.windows.cleanup;

    // JNA reads and writes Structure fields reflectively.
    opens org.infinibay.infiniservice.adapters.windows.channel to com.sun.jna;
    opens org.infinibay.infiniservice.adapters.windows.service to com.sun.jna;
    opens org.infinibay.infiniservice.adapters.windows.exec to com.sun.jna;
    opens org.infinibay.infiniservice.adapters.windows.services to com.sun.jna;
}
