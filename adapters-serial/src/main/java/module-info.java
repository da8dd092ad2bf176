/**
 * The host channel adapter: device discovery, the virtio-serial and Unix-socket channels, line
 * framing (CONTRACT §2.4) and the Jackson streaming codec.
 */
module org.infinibay.infiniservice.adapters.serial {
    // Transitive: the public API implements and returns the application's port types.
    requires transitive org.infinibay.infiniservice.application;
    requires com.fasterxml.jackson.core;

    exports org.infinibay.infiniservice.adapters.serial;
    exports org.infinibay.infiniservice.adapters.serial.json;
    exports org.infinibay.infiniservice.adapters.serial.channel;
    exports org.infinibay.infiniservice.adapters.serial.discovery;
}
