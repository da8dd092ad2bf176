package org.infinibay.infiniservice.adapters.posix.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Local accounts from the passwd database: {@code /etc/passwd} first, then {@code getent passwd}
 * for accounts that come from NSS (LDAP, SSSD).
 */
public final class PasswdUserDirectory implements UserDirectory {
    private static final System.Logger LOG = Logs.get(PasswdUserDirectory.class);
    private static final List<String> GETENT = List.of("/usr/bin/getent", "/bin/getent");

    private final Path passwd;
    private final boolean useGetent;

    public PasswdUserDirectory() {
        this(Path.of("/etc/passwd"), true);
    }

    /** @param passwd a passwd-format file; {@code useGetent} false for tests with recorded files */
    public PasswdUserDirectory(Path passwd, boolean useGetent) {
        this.passwd = passwd;
        this.useGetent = useGetent;
    }

    @Override
    public Optional<UserAccount> find(String name) {
        if (name == null || ParameterRule.ACCOUNT.violation(name).isPresent()) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(passwd, StandardCharsets.UTF_8)) {
                Optional<UserAccount> a = named(parse(line), name);
                if (a.isPresent()) {
                    return a;
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read {0}: {1}", passwd, e.getMessage());
        }
        return useGetent ? getent(name) : Optional.empty();
    }

    /** The account when it has this name, else empty (a filter without a lambda, issue #17). */
    private static Optional<UserAccount> named(Optional<UserAccount> account, String name) {
        return account.isPresent() && account.get().name().equals(name) ? account : Optional.empty();
    }

    /** {@code name:x:uid:gid:gecos:home:shell}. */
    static Optional<UserAccount> parse(String line) {
        String[] f = line.split(":", -1);
        if (f.length < 7 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UserAccount(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]),
                    f[5].isEmpty() ? null : f[5]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<UserAccount> getent(String name) {
        String program = null;
        for (String candidate : GETENT) {
            if (Files.isExecutable(Path.of(candidate))) {
                program = candidate;
                break;
            }
        }
        if (program == null) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(program, "passwd", name).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // One passwd line fits the pipe buffer, so waiting before reading cannot deadlock;
            // a hung NSS backend (LDAP) costs at most 5 s.
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            byte[] out = p.getInputStream().readNBytes(64 * 1024);
            if (p.exitValue() != 0) {
                return Optional.empty();
            }
            return named(parse(new String(out, StandardCharsets.UTF_8).strip()), name);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
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
