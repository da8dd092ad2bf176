package org.infinibay.infiniservice.application.port.out;

import java.util.Optional;

/**
 * Looks up local accounts for {@code run_as} (CONTRACT §10.2): the user must exist, and its home is
 * the default working directory. Linux reads the passwd database; Windows has no run_as support.
 */
public interface UserDirectory {

    /** The account, or empty when no such user exists (or it cannot be read). */
    Optional<UserAccount> find(String name);

    /** For platforms without local account lookup. */
    UserDirectory NONE = name -> Optional.empty();
}
