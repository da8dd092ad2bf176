/**
 * Linux adapters: metrics read straight from /proc and /sys, system facts, the state store.
 * One {@code exports} line per package so further packages (exec, actions) are one line each.
 */
module org.infinibay.infiniservice.adapters.linux {
    requires transitive org.infinibay.infiniservice.application;

    exports org.infinibay.infiniservice.adapters.linux.metrics;
    exports org.infinibay.infiniservice.adapters.linux.system;
    exports org.infinibay.infiniservice.adapters.linux.exec;
    exports org.infinibay.infiniservice.adapters.linux.self;
    exports org.infinibay.infiniservice.adapters.linux.actions;
    exports org.infinibay.infiniservice.adapters.linux.apps;
}
