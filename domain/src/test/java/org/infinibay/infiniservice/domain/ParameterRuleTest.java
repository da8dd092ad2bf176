package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CONTRACT §8.2 allow-lists (§13 item 53). */
class ParameterRuleTest {
    @ParameterizedTest
    @CsvSource({
        "SERVICE_LINUX, sshd, true", "SERVICE_LINUX, getty@tty1, true", "SERVICE_LINUX, 'a;b', false",
        "SERVICE_LINUX, systemd-fsck@dev-disk-by\\x2duuid, true", "SERVICE_LINUX, -x, false",
        "SERVICE_WINDOWS, MSSQL$SQLEXPRESS, true", "SERVICE_LINUX, MSSQL$SQLEXPRESS, false",
        "PACKAGE_LINUX, libstdc++6, true", "PACKAGE_LINUX, -o evil, false", "PACKAGE_LINUX, 'a b', false",
        "PACKAGE_WINDOWS, Git Git, true", "SEARCH_QUERY, python 3, true", "SEARCH_QUERY, 'a|b', false",
        "DOMAIN, corp.example.com, true", "DOMAIN, corp_example, false",
        "ACCOUNT, alice, true", "ACCOUNT, CORP\\alice, true", "ACCOUNT, 'alice;id', false", "ACCOUNT, '', false",
    })
    void allowList(ParameterRule rule, String value, boolean allowed) {
        assertTrue(rule.violation(value == null ? "" : value).isEmpty() == allowed, rule + " " + value);
    }

    @ParameterizedTest
    @CsvSource({"DOMAIN, 253", "ACCOUNT, 256"})
    void lengthLimits(ParameterRule rule, int max) {
        assertTrue(rule.violation("a".repeat(max)).isEmpty());
        assertTrue(rule.violation("a".repeat(max + 1)).isPresent());
    }
}
