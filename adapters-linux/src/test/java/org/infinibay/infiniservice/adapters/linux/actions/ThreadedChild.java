package org.infinibay.infiniservice.adapters.linux.actions;

/**
 * A real multi-threaded process for the ProcessKill tests: starts three sleeping worker threads,
 * prints {@code ready} and lives for at most two minutes. Run in its own JVM, never in the test's.
 */
public final class ThreadedChild {
    private ThreadedChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "worker-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
