package org.infinibay.infiniservice.application.service.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.StubShells;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

class PendingScriptParseTest {
    private final StubShells shells = new StubShells();
    private final AccountResolver accounts = new AccountResolver(shells, UserDirectory.NONE, null);

    private PendingScript.Parsed parse(JsonObject.Builder b) {
        return PendingScript.parse(b.build(), accounts);
    }

    @Test
    void timeoutZeroOrAbsentIs600() {
        for (JsonObject.Builder b : new JsonObject.Builder[] {
                JsonObject.builder().put("execution_id", "e").put("script_content", "true").put("timeout_seconds", 0),
                JsonObject.builder().put("execution_id", "e").put("script_content", "true").put("timeout_seconds", -5),
                JsonObject.builder().put("execution_id", "e").put("script_content", "true")}) {
            assertEquals(600, parse(b).script().timeoutSeconds());
        }
        assertEquals(42, parse(JsonObject.builder().put("execution_id", "e").put("script_content", "true")
                .put("timeout_seconds", 42.0)).script().timeoutSeconds());
    }

    @Test
    void invalidEntries() {
        PendingScript.Parsed noContent = parse(JsonObject.builder().put("execution_id", "e1").put("script_name", "n"));
        assertEquals("e1", noContent.invalid().executionId());
        assertEquals(2, noContent.invalid().code());
        assertTrue(noContent.invalid().problem().contains("script_content"));

        PendingScript.Parsed empty = parse(JsonObject.builder().put("execution_id", "e2").put("script_content", ""));
        assertEquals("e2", empty.invalid().executionId());

        PendingScript.Parsed noId = parse(JsonObject.builder().put("script_content", "true").put("script_id", "s"));
        assertNull(noId.invalid().executionId());
        assertEquals("s", noId.invalid().name());

        PendingScript.Parsed notObject = PendingScript.parse(Json.of("x"), accounts);
        assertNull(notObject.invalid().executionId());

        PendingScript.Parsed badTimeout = parse(JsonObject.builder().put("execution_id", "e3").put("script_content", "x")
                .put("timeout_seconds", "soon"));
        assertTrue(badTimeout.invalid().problem().contains("timeout_seconds"));

        PendingScript.Parsed badUser = parse(JsonObject.builder().put("execution_id", "e4").put("script_content", "x")
                .put("run_as", "ghost"));
        assertTrue(badUser.invalid().problem().contains("ghost does not exist"));
    }

    @Test
    void toStringNeverShowsTheContent() {
        PendingScript s = parse(JsonObject.builder().put("execution_id", "e").put("script_content", "echo TOPSECRET"))
                .script();
        assertTrue(!s.toString().contains("TOPSECRET"));
    }
}
