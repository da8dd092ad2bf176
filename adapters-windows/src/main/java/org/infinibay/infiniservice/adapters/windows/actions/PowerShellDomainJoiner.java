package org.infinibay.infiniservice.adapters.windows.actions;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.DomainJoinRequest;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * JoinDomain on Windows (§8.5.12): a PowerShell child reads the password from its stdin byte by byte
 * into a {@code SecureString} (it never exists as a managed string there) and runs
 * {@code Add-Computer -DomainName … -Credential … [-OUPath] [-NewName] -Force}. The password is in
 * no argv, script, file, log or response; the byte buffers holding it are wiped.
 */
public final class PowerShellDomainJoiner implements DomainJoiner {
    /** Reads stdin (UTF-8) into a read-only SecureString $sec, clearing the buffers. */
    static final String READ_PASSWORD = "$st=[Console]::OpenStandardInput();$buf=New-Object byte[] 4096;$len=0;"
            + "while($len -lt $buf.Length){$n=$st.Read($buf,$len,$buf.Length-$len);if($n -le 0){break};$len+=$n};"
            + "$chars=[Text.Encoding]::UTF8.GetChars($buf,0,$len);[Array]::Clear($buf,0,$buf.Length);"
            + "$sec=New-Object Security.SecureString;"
            + "foreach($ch in $chars){if($ch -eq [char]10 -or $ch -eq [char]13){break};$sec.AppendChar($ch)};"
            + "[Array]::Clear($chars,0,$chars.Length);$sec.MakeReadOnly();";

    private final PowerShell powershell;

    public PowerShellDomainJoiner(PowerShell powershell) {
        this.powershell = powershell;
    }

    /** The script for a validated request: values as single-quoted literals; no password. */
    static String script(DomainJoinRequest r) {
        String user = r.username().contains("\\") || r.username().contains("@") ? r.username()
                : r.domain() + "\\" + r.username();
        StringBuilder s = new StringBuilder(READ_PASSWORD)
                .append("$cred=New-Object Management.Automation.PSCredential(").append(PowerShell.quote(user))
                .append(",$sec);")
                .append("$a=@{DomainName=").append(PowerShell.quote(r.domain()))
                .append(";Credential=$cred;Force=$true;PassThru=$true;ErrorAction='Stop'};");
        if (r.ou() != null) {
            s.append("$a.OUPath=").append(PowerShell.quote(r.ou())).append(';');
        }
        if (r.computerName() != null) {
            s.append("$a.NewName=").append(PowerShell.quote(r.computerName())).append(';');
        }
        s.append("$res=Add-Computer @a;\"joined \"+").append(PowerShell.quote(r.domain()))
                .append("+\" (HasSucceeded=\"+[string]$res.HasSucceeded+\"); a restart completes the join\"");
        return s.toString();
    }

    /** The password as UTF-8 bytes for stdin; the caller wipes the array. */
    static byte[] stdin(char[] password) {
        ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[b.remaining()];
        b.get(out);
        if (b.hasArray()) {
            Arrays.fill(b.array(), (byte) 0);
        }
        return out;
    }

    @Override
    public CommandOutput join(DomainJoinRequest request, Deadline deadline)
            throws OsOperationException, InterruptedException {
        byte[] in = stdin(request.password());
        try {
            ExecResult r = powershell.runWithStdin(script(request), deadline, in);
            if (r.exitCode() != 0) {
                throw new OsOperationException(ExitCodes.FAILED, "Add-Computer failed (exit " + r.exitCode() + ")",
                        r.stdout(), r.stderr());
            }
            return new CommandOutput(0, r.stdout(), r.stderr());
        } finally {
            Arrays.fill(in, (byte) 0);
        }
    }
}
