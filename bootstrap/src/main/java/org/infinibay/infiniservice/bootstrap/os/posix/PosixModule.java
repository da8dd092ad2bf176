package org.infinibay.infiniservice.bootstrap.os.posix;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.posix.accounts.PasswdAccounts;
import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import org.infinibay.infiniservice.adapters.posix.audit.FileAuditTrail;
import org.infinibay.infiniservice.adapters.posix.scripts.PosixScriptFiles;
import org.infinibay.infiniservice.adapters.posix.shell.ExecutableLookup;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.wiring.Callbacks;

/**
 * The ports every POSIX-like guest binds the same way (adapters-posix): the state directory (0700,
 * files 0600), the audit file, /etc/passwd accounts and users, the bash/sh shell table over the agent's
 * {@code PATH}, private script files under {@code <state>/scripts}. A POSIX guest's component includes
 * it beside its own module.
 */
@Module
public final class PosixModule {
    private PosixModule() {
    }

    @Provides
    @Singleton
    public static StateStore stateStore(Configuration c) {
        return new FileStateStore(c.stateDir());
    }

    @Provides
    @Singleton
    public static AuditTrail audit(Configuration c) {
        return new FileAuditTrail(c.stateDir().resolve("audit"));
    }

    @Provides
    public static LocalAccounts localAccounts() {
        return new PasswdAccounts();
    }

    @Provides
    @Singleton
    public static UserDirectory users() {
        return new PasswdUserDirectory();
    }

    @Provides
    @Singleton
    public static ShellPlatform shells() {
        return new PosixShells(ExecutableLookup.onPath(Callbacks.environment()));
    }

    @Provides
    @Singleton
    public static ScriptFiles scriptFiles(Configuration c) {
        return new PosixScriptFiles(c.stateDir().resolve("scripts"));
    }
}
