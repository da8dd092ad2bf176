package org.infinibay.infiniservice.adapters.serial;

import java.nio.file.Path;

/**
 * A second "agent": exit 0 = got the lock, 3 = refused as a second instance, 1 = no lock possible.
 * Arguments: the state directory, optionally the runtime directory of the fallback lock and a number
 * of seconds to hold the lock (printing {@code held} once it has it).
 */
@SuppressWarnings("try") // the lock is held for the block\'s duration
public final class InstanceLockProbe {
    private InstanceLockProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path runtime = args.length > 1 ? Path.of(args[1]) : InstanceLock.defaultRuntimeDirectory();
        try (InstanceLock lock = InstanceLock.acquire(Path.of(args[0]), runtime)) {
            if (args.length > 2) {
                System.out.println("held" + lock.degraded().map(d -> " (degraded: " + d + ")").orElse(""));
                System.out.flush();
                Thread.sleep(Long.parseLong(args[2]) * 1000);
            }
            System.exit(0);
        } catch (InstanceAlreadyRunningException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        } catch (java.io.IOException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}
