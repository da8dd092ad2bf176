package org.infinibay.infiniservice.adapters.serial;

import java.nio.file.Path;

/** A second "agent": exit 0 = got the lock, 3 = refused as a second instance. */
@SuppressWarnings("try") // the lock is held for the block\'s duration
public final class InstanceLockProbe {
    private InstanceLockProbe() {
    }

    public static void main(String[] args) throws Exception {
        try (InstanceLock lock = InstanceLock.acquire(Path.of(args[0]))) {
            System.exit(0);
        } catch (InstanceAlreadyRunningException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
    }
}
