/**
 * The agent's vocabulary: wire values, messages, metrics and command rules of the contract.
 * Pure Java: it depends on nothing but {@code java.base}.
 */
module org.infinibay.infiniservice.domain {
    exports org.infinibay.infiniservice.domain.json;
    exports org.infinibay.infiniservice.domain.auth;
    exports org.infinibay.infiniservice.domain.crypto;
    exports org.infinibay.infiniservice.domain.time;
    exports org.infinibay.infiniservice.domain.message;
    exports org.infinibay.infiniservice.domain.metrics;
    exports org.infinibay.infiniservice.domain.command;
    exports org.infinibay.infiniservice.domain.log;
}
