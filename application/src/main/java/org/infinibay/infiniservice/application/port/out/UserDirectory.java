package org.infinibay.infiniservice.application.port.out;

import java.util.Optional;

/**
 * Looks up local accounts for {@code run_as} (CONTRACT §10.2): the user must exist, and its home is
 * the default working directory (a POSIX guest reads the passwd database; a guest without run_as
 * support finds no account). It also says which working directories exist.
 */
public interface UserDirectory {

    /** The account, or empty when no such user exists (or it cannot be read). */
    Optional<UserAccount> find(String name);

    /**
     * Whether {@code path} names an existing directory a program can be started in: the wire
     * {@code working_dir} (never run elsewhere than asked, §10.2) and a user's home as the default.
     */
    boolean isDirectory(String path);

    /** No accounts and no directories (the core's own tests). */
    UserDirectory NONE = new UserDirectory() {
        @Override
        public Optional<UserAccount> find(String name) {
            return Optional.empty();
        }

        @Override
        public boolean isDirectory(String path) {
            return false;
        }
    };
}
