package org.infinibay.infiniservice.adapters.windows.exec;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;

/**
 * Windows has no {@code run_as} (CONTRACT §10.2: refused by the shell table), so no account is ever
 * found; working directories are checked on the file system.
 */
public final class NoLocalAccounts implements UserDirectory {
    @Override
    public Optional<UserAccount> find(String name) {
        return Optional.empty();
    }

    @Override
    public boolean isDirectory(String path) {
        try {
            return Files.isDirectory(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
