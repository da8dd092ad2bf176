package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CONTRACT §8.2 allow-lists (§13 item 53) that are the same on every guest; the service and package
 * name rules of each OS are tested beside their adapters (LinuxNamesTest, WindowsNamesTest).
 */
class ParameterRuleTest {
    private static final Map<String, ParameterRule> RULES = Map.of("SEARCH_QUERY", ParameterRule.SEARCH_QUERY,
            "DOMAIN", ParameterRule.DOMAIN, "ACCOUNT", ParameterRule.ACCOUNT);

    @ParameterizedTest
    @CsvSource({
        "SEARCH_QUERY, python 3, true", "SEARCH_QUERY, 'a|b', false",
        "DOMAIN, corp.example.com, true", "DOMAIN, corp_example, false",
        "ACCOUNT, alice, true", "ACCOUNT, CORP\\alice, true", "ACCOUNT, 'alice;id', false", "ACCOUNT, '', false",
    })
    void allowList(String rule, String value, boolean allowed) {
        assertTrue(RULES.get(rule).violation(value == null ? "" : value).isEmpty() == allowed, rule + " " + value);
    }

    @ParameterizedTest
    @CsvSource({"DOMAIN, 253", "ACCOUNT, 256"})
    void lengthLimits(String rule, int max) {
        assertTrue(RULES.get(rule).violation("a".repeat(max)).isEmpty());
        assertTrue(RULES.get(rule).violation("a".repeat(max + 1)).isPresent());
    }
}
