/**
 * The agent's use cases and the ports they need. Pure Java: depends only on the domain and the JDK.
 */
module org.infinibay.infiniservice.application {
    requires transitive org.infinibay.infiniservice.domain;

    exports org.infinibay.infiniservice.application.port.in;
    exports org.infinibay.infiniservice.application.port.out;
    exports org.infinibay.infiniservice.application.service;
    exports org.infinibay.infiniservice.application.service.agent;
    exports org.infinibay.infiniservice.application.service.auth;
    exports org.infinibay.infiniservice.application.service.command;
    exports org.infinibay.infiniservice.application.service.metrics;
    exports org.infinibay.infiniservice.application.service.outbound;
    exports org.infinibay.infiniservice.application.service.actions;
    exports org.infinibay.infiniservice.application.service.apps;
    exports org.infinibay.infiniservice.application.port.out.os;
    exports org.infinibay.infiniservice.application.service.exec;
    exports org.infinibay.infiniservice.application.service.unsafe;
    exports org.infinibay.infiniservice.application.service.scripts;
    exports org.infinibay.infiniservice.application.service.policy;
    exports org.infinibay.infiniservice.application.service.selfcheck;
}
