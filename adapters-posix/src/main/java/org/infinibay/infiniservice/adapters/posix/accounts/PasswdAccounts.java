package org.infinibay.infiniservice.adapters.posix.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.LocalAccount;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;

/** UserList from {@code /etc/passwd}: uid 0 or uid ≥ 1000, except {@code nobody} (§8.5.4). */
public final class PasswdAccounts implements LocalAccounts {
    private final Path passwd;

    public PasswdAccounts() {
        this(Path.of("/etc/passwd"));
    }

    public PasswdAccounts(Path passwd) {
        this.passwd = passwd;
    }

    @Override
    public List<LocalAccount> users() throws OsOperationException {
        try {
            return parse(Files.readString(passwd, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OsOperationException("cannot read " + passwd + ": " + e.getMessage());
        }
    }

    static List<LocalAccount> parse(String text) {
        List<LocalAccount> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 7 || f[0].isEmpty() || f[0].startsWith("+") || f[0].startsWith("#")) {
                continue;
            }
            long uid;
            long gid;
            try {
                uid = Long.parseLong(f[2]);
                gid = Long.parseLong(f[3]);
            } catch (NumberFormatException e) {
                continue;
            }
            if (!human(f[0], uid)) {
                continue;
            }
            String gecos = f[4].split(",", -1)[0];
            out.add(new LocalAccount(f[0], uid, gid, gecos, f[5], f[6], null, null, null, null));
        }
        return out;
    }

    /** uid 0 or ≥ 1000, not {@code nobody} (uid 65534), the rule shared with golden-image sanitising. */
    static boolean human(String name, long uid) {
        return (uid == 0 || uid >= 1000) && !name.equals("nobody") && uid != 65534;
    }
}
