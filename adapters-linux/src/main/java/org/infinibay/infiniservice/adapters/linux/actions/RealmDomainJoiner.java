package org.infinibay.infiniservice.adapters.linux.actions;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.DomainJoinRequest;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * {@code realm join} with the password on stdin only (CONTRACT §8.5.12, pitfall P5): it is never in
 * argv, the environment, a file or a log line, and its bytes are wiped after the child read them.
 */
public final class RealmDomainJoiner implements DomainJoiner {
    static final List<String> PACKAGES = List.of("realmd", "sssd", "adcli");
    private static final System.Logger LOG = Logs.get(RealmDomainJoiner.class);

    private final Commands commands;
    private final PackageManager packages;
    private final boolean installMissing;

    /** @param installMissing install realmd/sssd/adcli through the package manager when realm is absent */
    public RealmDomainJoiner(Commands commands, PackageManager packages, boolean installMissing) {
        this.commands = commands;
        this.packages = packages;
        this.installMissing = installMissing;
    }

    @Override
    public CommandOutput join(DomainJoinRequest request, Deadline deadline)
            throws OsOperationException, InterruptedException {
        if (!commands.programs().has("realm") && installMissing) {
            for (String p : PACKAGES) {
                try {
                    packages.install(p, deadline);
                } catch (OsOperationException e) {
                    LOG.log(System.Logger.Level.WARNING, "installing {0} failed: {1}", p, e.getMessage());
                }
            }
        }
        if (!commands.programs().has("realm")) {
            throw new OsOperationException(ExitCodes.UNKNOWN_ACTION,
                    "realm is not installed (install realmd, sssd and adcli to join a domain)", "", "");
        }
        List<String> args = new ArrayList<>(List.of("join", "--verbose", "--user=" + request.username()));
        if (request.ou() != null) {
            args.add("--computer-ou=" + request.ou());
        }
        if (request.computerName() != null) {
            args.add("--computer-name=" + request.computerName());
        }
        args.add(request.domain());
        byte[] stdin = passwordLine(request.password());
        ExecResult r;
        try {
            r = commands.run(deadline, Map.of(), stdin, "realm", args);
        } finally {
            Arrays.fill(stdin, (byte) 0);
        }
        if (r.exitCode() != 0) {
            throw new OsOperationException(ExitCodes.FAILED, "realm join failed (exit " + r.exitCode() + ")"
                    + Commands.reason(r), r.stdout(), r.stderr());
        }
        StringBuilder out = new StringBuilder(r.stdout());
        out.append(enableHomeDirectories(deadline));
        return new CommandOutput(0, out.toString(), r.stderr());
    }

    /** Domain users get a home directory at first login; best effort. */
    private String enableHomeDirectories(Deadline deadline) throws InterruptedException {
        try {
            if (commands.programs().has("pam-auth-update")) {
                commands.require(deadline, Map.of("DEBIAN_FRONTEND", "noninteractive"), "pam-auth-update",
                        List.of("--enable", "mkhomedir"));
                return "home directory creation enabled (pam-auth-update)\n";
            }
            if (commands.programs().has("authselect")) {
                commands.require(deadline, "authselect", "enable-feature", "with-mkhomedir");
                return "home directory creation enabled (authselect)\n";
            }
        } catch (OsOperationException e) {
            return "home directory creation not enabled: " + e.getMessage() + "\n";
        }
        return "home directory creation not configured (no pam-auth-update/authselect)\n";
    }

    static byte[] passwordLine(char[] password) {
        CharBuffer chars = CharBuffer.allocate(password.length + 1);
        chars.put(password).put('\n').flip();
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(chars);
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        Arrays.fill(chars.array(), '\0');
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return out;
    }
}
