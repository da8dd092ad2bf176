package org.infinibay.infiniservice.application.port.out;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

/** A started program and its tree. */
public interface LaunchedProcess {
    long pid();

    InputStream stdout();

    InputStream stderr();

    OutputStream stdin();

    /** @return true when the program exited within the timeout */
    boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException;

    /** The exit code once exited; a death by signal n is reported as 128+n. */
    int exitCode();

    /** Asks the whole tree to stop (SIGTERM to the group; Windows: terminate the job). */
    void terminateTree();

    /** Forces the whole tree to stop (SIGKILL to the group; Windows: terminate the job). */
    void killTree();

    /** True while any process of the tree is still alive. */
    boolean treeAlive();

    /**
     * The run is over: frees its container (Linux: the cgroup is removed, after killing anything
     * still in it). Called once, after the tree was stopped; the default does nothing.
     */
    default void release() {
    }
}
