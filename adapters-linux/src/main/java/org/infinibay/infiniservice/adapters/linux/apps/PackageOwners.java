package org.infinibay.infiniservice.adapters.linux.apps;

import java.util.Collection;

/** Which package owns an executable (by its real path), from the system's package database. */
interface PackageOwners {

    /**
     * Prepares lookups. {@code knownPaths} are executables that will certainly be asked for (desktop
     * entries); implementations may index more. Called rarely (inventory refresh).
     */
    void refresh(Collection<String> knownPaths);

    /** The owner, or {@code null} when unowned or not known (yet). Must be cheap: called per new executable. */
    PackageRef owner(String realPath);

    /** Whether {@link #owner} may answer later for a path it does not know now (asynchronous lookups). */
    default boolean pending(String realPath) {
        return false;
    }

    /** Runs deferred lookups (at most a few per call); called once per cycle. */
    default void resolvePending() {
    }

    PackageOwners NONE = new PackageOwners() {
        @Override
        public void refresh(Collection<String> knownPaths) {
        }

        @Override
        public PackageRef owner(String realPath) {
            return null;
        }
    };
}
