/**
 * The agent's use cases and the ports they need. Pure Java: depends only on the domain and the JDK.
 *
 * <p>Ports are the only door: every adapter implements or calls only {@code port.in} (what the core
 * offers: the use cases, the execution engine) and {@code port.out} (what the core needs: the channel,
 * the state store, the OS ports of {@code port.out.os}). The services are exported to the wiring alone.
 */
module org.infinibay.infiniservice.application {
    requires transitive org.infinibay.infiniservice.domain;

    exports org.infinibay.infiniservice.application.port.in;
    exports org.infinibay.infiniservice.application.port.out;
    exports org.infinibay.infiniservice.application.port.out.os;

    // bootstrap builds the services (Dagger)
    exports org.infinibay.infiniservice.application.service to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.actions to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.agent to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.apps to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.auth to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.command to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.exec to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.metrics to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.outbound to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.policy to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.scripts to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.selfcheck to org.infinibay.infiniservice.bootstrap;
    exports org.infinibay.infiniservice.application.service.unsafe to org.infinibay.infiniservice.bootstrap;
}
