package org.infinibay.infiniservice.adapters.linux.actions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CONTRACT §8.2 allow-lists, the Linux column (§13 item 53; moved from the domain's ParameterRuleTest). */
class LinuxNamesTest {
    private static final Map<String, ParameterRule> RULES = Map.of("SERVICE_LINUX", LinuxNames.SERVICE,
            "PACKAGE_LINUX", LinuxNames.PACKAGE);

    @ParameterizedTest
    @CsvSource({
        "SERVICE_LINUX, sshd, true", "SERVICE_LINUX, getty@tty1, true", "SERVICE_LINUX, 'a;b', false",
        "SERVICE_LINUX, systemd-fsck@dev-disk-by\\x2duuid, true", "SERVICE_LINUX, -x, false",
        "SERVICE_LINUX, MSSQL$SQLEXPRESS, false",
        "PACKAGE_LINUX, libstdc++6, true", "PACKAGE_LINUX, -o evil, false", "PACKAGE_LINUX, 'a b', false",
    })
    void allowList(String rule, String value, boolean allowed) {
        assertTrue(RULES.get(rule).violation(value == null ? "" : value).isEmpty() == allowed, rule + " " + value);
    }
}
