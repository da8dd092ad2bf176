package org.infinibay.infiniservice.adapters.posix.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** UserList's selection from /etc/passwd (moved from adapters-linux's RecordedOutputActionParsersTest). */
class PasswdAccountsTest {
    @Test
    void passwdSelection() {
        String passwd = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                + "alice:x:1000:1000:Alice A,,,:/home/alice:/bin/bash\n";
        var users = PasswdAccounts.parse(passwd);
        assertEquals(List.of("root", "alice"), users.stream().map(u -> u.name()).toList());
        assertEquals("Alice A", users.get(1).description());
    }
}
