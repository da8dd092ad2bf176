package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.IntegrityReport;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;

/**
 * CheckSystemIntegrity: {@code debsums -s} on Debian (silent: prints only problems), {@code rpm -Va}
 * on rpm systems. Any output line or a non-zero exit means issues were found.
 */
public final class LinuxIntegrityChecker implements IntegrityChecker {
    private final Commands commands;

    public LinuxIntegrityChecker(Commands commands) {
        this.commands = commands;
    }

    @Override
    public IntegrityReport check(Deadline deadline) throws InterruptedException {
        boolean dpkg = commands.programs().has("dpkg-query");
        String program = dpkg ? "debsums" : "rpm";
        if (!commands.programs().has(program)) {
            return new IntegrityReport(program, false, 127, false, new CommandOutput(127, "",
                    program + " is not installed" + (dpkg ? " (apt-get install debsums)" : "")));
        }
        try {
            ExecResult r = dpkg ? commands.run(deadline, "debsums", "-s") : commands.run(deadline, "rpm", "-Va");
            boolean issues = r.exitCode() != 0 || !r.stdout().isBlank();
            return new IntegrityReport(program, true, r.exitCode(), issues,
                    new CommandOutput(r.exitCode(), r.stdout(), r.stderr()));
        } catch (OsOperationException e) {
            return new IntegrityReport(program, e.exitCode() != 127, e.exitCode(), false,
                    new CommandOutput(e.exitCode(), e.stdout(), e.getMessage()));
        }
    }
}
