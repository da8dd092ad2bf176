package org.infinibay.infiniservice.adapters.windows.service;

/** The agent as the service entry runs it. */
public interface ServiceBody {

    /** Starts and runs the agent; returns when it has stopped. {@code running} is called once started. */
    void run(Runnable running) throws Exception;

    /** Asks {@link #run} to return; called on the SCM's control thread. Must not block long. */
    void stop();
}
