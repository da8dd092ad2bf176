package org.infinibay.infiniservice.adapters.windows;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.infinibay.infiniservice.adapters.windows.archfixture.ReadsLastErrorDirectly;
import org.junit.jupiter.api.Test;

/**
 * How the Windows adapter talks to Win32 through JNA. JNA saves the thread's last error right after
 * every native call and {@code Native.getLastError()} returns that saved value; a separate
 * {@code Kernel32.GetLastError()} call through JNA runs after JNA's own work and the JVM's (which
 * make system calls of their own) and may return another call's error — for the dispatcher, the
 * difference between service mode (1063 means "not started by the SCM") and a failed start.
 */
class NativeCallRulesTest {
    static final ArchRule NO_GET_LAST_ERROR = noClasses()
            .should().callMethodWhere(target(name("GetLastError")))
            .because("JNA may overwrite the last error before a separate GetLastError() call: use Native.getLastError()");

    @Test
    void theAdapterReadsTheLastErrorOnlyThroughJna() {
        JavaClasses product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.infinibay.infiniservice.adapters.windows");
        assertTrue(product.containPackage("org.infinibay.infiniservice.adapters.windows.service"));
        assertTrue(product.size() > 80, "the adapter's classes were imported: " + product.size());
        NO_GET_LAST_ERROR.check(product);
    }

    @Test
    void theRuleCatchesAPlantedViolation() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ReadsLastErrorDirectly.class);
        assertThrows(AssertionError.class, () -> NO_GET_LAST_ERROR.check(fixture));
    }
}
