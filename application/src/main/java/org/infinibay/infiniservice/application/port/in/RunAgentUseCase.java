package org.infinibay.infiniservice.application.port.in;

/** Runs the agent: channel, writer, scheduler and workers, until {@link #stop()}. */
public interface RunAgentUseCase {
    void run() throws InterruptedException;

    void stop();
}
