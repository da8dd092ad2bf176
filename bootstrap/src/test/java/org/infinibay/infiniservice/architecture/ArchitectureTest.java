package org.infinibay.infiniservice.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hexagon's rules hold on the product, and each one is shown able to fail on planted violations. */
class ArchitectureTest {
    private static JavaClasses product;
    private static JavaClasses fixture;
    private static final ArchitectureRules RULES = new ArchitectureRules("org.infinibay.infiniservice");
    private static final ArchitectureRules FIXTURE_RULES = new ArchitectureRules("archfixture");

    @BeforeAll
    static void importClasses() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.infinibay.infiniservice");
        fixture = new ClassFileImporter().importPackages("archfixture");
        assertTrue(product.size() > 100, "the product's classes were imported: " + product.size());
        assertTrue(product.containPackage("org.infinibay.infiniservice.domain.json"));
        assertTrue(product.containPackage("org.infinibay.infiniservice.adapters.linux.metrics"));
        assertTrue(product.containPackage("org.infinibay.infiniservice.adapters.serial"));
        assertTrue(product.containPackage("org.infinibay.infiniservice.adapters.posix.state"));
        assertTrue(product.containPackage("org.infinibay.infiniservice.adapters.windows.exec"));
        assertTrue(product.containPackage("org.infinibay.infiniservice.bootstrap.wiring"));
    }

    @Test
    void domainDependsOnlyOnTheJdk() {
        RULES.domainDependsOnlyOnTheJdk().check(product);
        assertFails(FIXTURE_RULES.domainDependsOnlyOnTheJdk());
    }

    @Test
    void applicationDependsOnlyOnDomain() {
        RULES.applicationDependsOnlyOnDomainAndTheJdk().check(product);
        assertFails(FIXTURE_RULES.applicationDependsOnlyOnDomainAndTheJdk());
    }

    @Test
    void adaptersDoNotDependOnEachOtherNorOnBootstrap() {
        RULES.adaptersAreIndependent().forEach(r -> r.check(product));
        assertFails(FIXTURE_RULES.adaptersAreIndependent().get(2)); // linux -> serial planted
        assertFails(FIXTURE_RULES.adaptersAreIndependent().get(0)); // serial -> bootstrap planted
        assertFails(FIXTURE_RULES.adaptersAreIndependent().get(1)); // posix -> linux planted
    }

    @Test
    void adaptersDependOnlyOnPortsAndDomain() {
        RULES.adaptersDependOnlyOnPortsAndDomain().check(product);
        assertFails(FIXTURE_RULES.adaptersDependOnlyOnPortsAndDomain()); // posix -> application.service planted
    }

    @Test
    void applicationPerformsNoFileOrProcessIo() {
        RULES.applicationPerformsNoFileOrProcessIo().check(product);
        assertFails(FIXTURE_RULES.applicationPerformsNoFileOrProcessIo()); // Files and ProcessBuilder planted
    }

    @Test
    void sharedWiringNamesNoAdapter() {
        RULES.sharedWiringNamesNoAdapter().check(product);
        assertFails(FIXTURE_RULES.sharedWiringNamesNoAdapter()); // wiring -> adapters.linux planted
    }

    @Test
    void coreNamesNoOperatingSystem() {
        RULES.coreNamesNoOperatingSystem().check(product);
        assertFails(FIXTURE_RULES.coreNamesNoOperatingSystem()); // application.service.WindowsShells planted
    }

    @Test
    void onlyBootstrapKnowsDaggerAndPicocli() {
        RULES.onlyBootstrapKnowsDaggerAndPicocli().check(product);
        assertFails(FIXTURE_RULES.onlyBootstrapKnowsDaggerAndPicocli());
    }

    @Test
    void noJcaOutsideTheWindowsAdapter() {
        RULES.noJcaOutsideTheWindowsAdapter().check(product);
        AssertionError planted = assertThrows(AssertionError.class,
                () -> FIXTURE_RULES.noJcaOutsideTheWindowsAdapter().check(fixture));
        String report = planted.getMessage();
        // MessageDigest in the application, javax.crypto.Mac and SecureRandom in the serial adapter planted
        assertTrue(report.contains("archfixture.application.PolicyDigest"), report);
        assertTrue(report.contains("archfixture.adapters.serial.JcaSerialAdapter.mac()"), report);
        assertTrue(report.contains("archfixture.adapters.serial.JcaSerialAdapter.random()"), report);
        // ... and the Windows adapter's MessageDigest is allowed
        assertFalse(report.contains("archfixture.adapters.windows.WindowsDigest"), report);
    }

    @Test
    void onlyLogsCallsSystemGetLogger() {
        RULES.onlyLogsCallsSystemGetLogger().check(product);
        assertTrue(product.contain("org.infinibay.infiniservice.domain.log.Logs$Deferred"), "the exempt class was imported");
        assertFails(FIXTURE_RULES.onlyLogsCallsSystemGetLogger()); // adapters.linux.LooksUpItsLogger planted
        // archfixture.domain.log.Logs (and its nested class) calls System.getLogger too: the one class allowed to
        JavaClasses domain = new ClassFileImporter().importPackages("archfixture.domain");
        assertTrue(domain.contain("archfixture.domain.log.Logs$Deferred"));
        FIXTURE_RULES.onlyLogsCallsSystemGetLogger().check(domain);
    }

    @Test
    void noPackageCycles() {
        RULES.noPackageCycles().check(product);
        assertFails(FIXTURE_RULES.noPackageCycles());
    }

    private static void assertFails(ArchRule rule) {
        assertThrows(AssertionError.class, () -> rule.check(fixture), "planted violation not detected: " + rule);
    }
}
