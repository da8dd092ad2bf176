package org.infinibay.infiniservice.application.service.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.junit.jupiter.api.Test;

class SafeActionRegistryTest {
    record Named(Set<String> actions) implements SafeActionExecutor {
        @Override
        public ActionResult execute(ActionRequest request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void executorsAreCreatedOnTheFirstLookupOnlyAndOnce() {
        AtomicInteger created = new AtomicInteger();
        Named info = new Named(Set.of("SystemInfo", "OsInfo"));
        SafeActionRegistry registry = new SafeActionRegistry(() -> {
            created.incrementAndGet();
            return Set.of(info, new Named(Set.of("ServiceList")));
        });
        assertEquals(0, created.get(), "nothing is created at start-up");

        assertSame(info, registry.find("SystemInfo").orElseThrow().getValue());
        assertEquals("OsInfo", registry.find("osinfo").orElseThrow().getKey(), "case-insensitive, canonical name");
        assertFalse(registry.find("MakeCoffee").isPresent());
        assertEquals(Set.of("OsInfo", "ServiceList", "SystemInfo"), registry.actions());
        assertEquals(1, created.get());
    }

    @Test
    void twoExecutorsClaimingOneActionIsAWiringError() {
        SafeActionRegistry registry = new SafeActionRegistry(() -> Set.of(new Named(Set.of("SystemInfo")),
                new Named(Set.of("SystemInfo", "OsInfo"))));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.find("OsInfo"));
        assertTrue(e.getMessage().contains("SystemInfo"), e.getMessage());
    }
}
