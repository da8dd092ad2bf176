package org.infinibay.infiniservice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The hexagon's rules, parameterised by the root package so that the same rules can be shown to
 * fail on a planted set of violating classes ({@code archfixture}).
 */
final class ArchitectureRules {
    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    /**
     * Domain: the JDK's {@code java..} only. Not {@code javax.crypto} either: the envelope HMAC is
     * RFC 2104 over {@code MessageDigest} (HmacSha256), which spares ~60 classes on every keep-alive.
     */
    ArchRule domainDependsOnlyOnTheJdk() {
        return noClasses().that().resideInAPackage(root + ".domain..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", root + ".domain..")
                .because("the domain is pure Java vocabulary");
    }

    ArchRule applicationDependsOnlyOnDomainAndTheJdk() {
        return noClasses().that().resideInAPackage(root + ".application..")
                .should().dependOnClassesThat()
                .resideOutsideOfPackages("java..", root + ".domain..", root + ".application..")
                .because("use cases know ports, not adapters, libraries or frameworks");
    }

    List<ArchRule> adaptersAreIndependent() {
        return List.of(
                noClasses().that().resideInAPackage(root + ".adapters.linux..")
                        .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters.serial..",
                                root + ".adapters.windows..", root + ".bootstrap.."),
                noClasses().that().resideInAPackage(root + ".adapters.serial..")
                        .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters.linux..",
                                root + ".adapters.windows..", root + ".bootstrap.."),
                noClasses().that().resideInAPackage(root + ".adapters.windows..")
                        .should().dependOnClassesThat().resideInAnyPackage(root + ".adapters.linux..",
                                root + ".adapters.serial..", root + ".bootstrap.."));
    }

    ArchRule onlyBootstrapKnowsDaggerAndPicocli() {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("dagger..", "jakarta.inject..", "javax.inject..",
                        "picocli..")
                .because("wiring and the command line live in bootstrap only");
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }
}
