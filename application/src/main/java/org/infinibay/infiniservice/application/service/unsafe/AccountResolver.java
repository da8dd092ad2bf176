package org.infinibay.infiniservice.application.service.unsafe;

import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * The {@code run_as} and {@code working_dir} rules of CONTRACT §10.2, shared by unsafe commands and
 * scripts: which account runs the program and in which directory.
 */
public final class AccountResolver {

    /**
     * @param user    the account name to switch to; {@code null} = the agent's own account
     * @param workDir the directory to run in; {@code null} = the agent's working directory
     */
    public record Target(String user, String workDir) {
        public String userForLog() {
            return user == null ? "agent" : user;
        }
    }

    /** Either a target or a refusal with its §9.2 code. */
    public record Resolution(Target target, int code, String problem) {
        public boolean refused() {
            return problem != null;
        }
    }

    private final ShellPlatform platform;
    private final UserDirectory users;
    private final String agentHome;

    /** @param agentHome the agent account's home directory ({@code null}: none) */
    public AccountResolver(ShellPlatform platform, UserDirectory users, String agentHome) {
        this.platform = platform;
        this.users = users;
        this.agentHome = agentHome;
    }

    /**
     * @param runAs      the wire {@code run_as} value ({@code null} when absent)
     * @param workingDir the wire {@code working_dir} value ({@code null} when absent)
     */
    public Resolution resolve(Json runAs, Json workingDir) {
        String user = null;
        String home = agentHome;
        if (runAs != null && !runAs.isNull()) {
            if (!(runAs instanceof JsonString)) {
                return refuse(ExitCodes.INVALID_PARAMETERS, "invalid run_as: must be a string");
            }
            String name = ((JsonString) runAs).value().trim();
            Optional<String> unsupported = platform.runAsUnsupported(name);
            if (unsupported.isPresent()) {
                return refuse(ExitCodes.NOT_SUPPORTED, unsupported.get());
            }
            if (!platform.isAgentAccount(name)) {
                Optional<String> violation = ParameterRule.ACCOUNT.violation(name);
                if (violation.isPresent()) {
                    return refuse(ExitCodes.INVALID_PARAMETERS, "invalid run_as: " + violation.get());
                }
                Optional<UserAccount> account = users.find(name);
                if (account.isEmpty()) {
                    return refuse(ExitCodes.INVALID_PARAMETERS, "invalid run_as: user " + name + " does not exist");
                }
                user = account.get().name();
                home = account.get().home();
            }
        }
        String dir;
        if (workingDir == null || workingDir.isNull()
                || (workingDir instanceof JsonString && ((JsonString) workingDir).value().isEmpty())) {
            dir = isDirectory(home) ? home : null;
        } else if (!(workingDir instanceof JsonString)) {
            return refuse(ExitCodes.INVALID_PARAMETERS, "invalid working_dir: must be a string");
        } else {
            dir = ((JsonString) workingDir).value();
            if (!isDirectory(dir)) {
                // Never run somewhere else than asked (§10.2).
                return refuse(ExitCodes.INVALID_PARAMETERS, "invalid working_dir: " + dir + " is not an existing directory");
            }
        }
        return new Resolution(new Target(user, dir), 0, null);
    }

    private boolean isDirectory(String dir) {
        if (dir == null || dir.isEmpty() || dir.indexOf('\0') >= 0) {
            return false;
        }
        return users.isDirectory(dir);
    }

    private static Resolution refuse(int code, String problem) {
        return new Resolution(null, code, problem);
    }
}
