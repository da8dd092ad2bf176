package org.infinibay.infiniservice.application.port.out;

/** Reads the agent's own resource use; cheap enough to call every few seconds. Never throws. */
public interface SelfMonitor {
    SelfSample sample();
}
