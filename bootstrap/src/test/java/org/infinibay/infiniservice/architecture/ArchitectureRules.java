package org.infinibay.infiniservice.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
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
     * RFC 2104 over the agent's own SHA-256 (HmacSha256, Sha256; see {@link #noJcaOutsideTheWindowsAdapter}).
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

    /** The adapter modules; each may use only itself among them. */
    private static final List<String> ADAPTERS = List.of("serial", "posix", "linux", "windows");

    List<ArchRule> adaptersAreIndependent() {
        return ADAPTERS.stream().map(a -> (ArchRule) noClasses().that().resideInAPackage(root + ".adapters." + a + "..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS.stream().filter(o -> !o.equals(a))
                        .map(o -> root + ".adapters." + o + "..").toArray(String[]::new))
                .orShould().dependOnClassesThat().resideInAPackage(root + ".bootstrap..")
                .because("a guest is assembled from adapter modules by its wiring, never by one adapter using another"))
                .toList();
    }

    /**
     * Ports are the only door: an adapter implements or calls the application's ports and the domain's
     * vocabulary, never a service of the core.
     */
    ArchRule adaptersDependOnlyOnPortsAndDomain() {
        return noClasses().that().resideInAPackage(root + ".adapters..")
                .should().dependOnClassesThat(resideInAPackage(root + ".application..")
                        .and(not(resideInAPackage(root + ".application.port.."))))
                .because("application exports its ports to the adapters and its services to the wiring alone");
    }

    /**
     * The core performs no file or process I/O: files, directories and programs are reached through ports
     * (state store, script files, launcher...) that each guest's adapters implement.
     */
    ArchRule applicationPerformsNoFileOrProcessIo() {
        return noClasses().that().resideInAnyPackage(root + ".application..", root + ".domain..")
                .should().dependOnClassesThat(resideInAnyPackage("java.nio.file.attribute..", "java.nio.channels..")
                        .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                                java.nio.file.Files.class, java.nio.file.FileSystems.class,
                                java.nio.file.FileSystem.class, java.nio.file.DirectoryStream.class,
                                java.nio.file.SecureDirectoryStream.class, java.nio.file.FileVisitor.class,
                                java.io.File.class, java.io.FileInputStream.class, java.io.FileOutputStream.class,
                                java.io.FileReader.class, java.io.FileWriter.class, java.io.RandomAccessFile.class,
                                ProcessBuilder.class, Process.class)))
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .orShould().callMethod(Runtime.class, "exec", String[].class)
                .because("what differs per OS in touching files and starting programs is an adapter's, behind a port");
    }

    /** What every guest OS shares in the wiring names no adapter class: the guest's component binds them. */
    ArchRule sharedWiringNamesNoAdapter() {
        return noClasses().that().resideInAnyPackage(root + ".bootstrap.wiring..", root + ".bootstrap.guest..")
                .should().dependOnClassesThat().resideInAPackage(root + ".adapters..")
                .because("adding a guest OS adds a guest component; the core's wiring does not change");
    }

    /** The core names no operating system: no package or type of domain or application is named after one. */
    ArchRule coreNamesNoOperatingSystem() {
        return noClasses().that().resideInAnyPackage(root + ".application..", root + ".domain..")
                .should().haveNameMatching("(?i).*(linux|windows|posix|powershell|bash|cmd|winget|systemd|defender).*")
                .because("what differs per OS is a port; the OS's name belongs to its adapter module");
    }

    ArchRule onlyBootstrapKnowsDaggerAndPicocli() {
        return noClasses().that().resideOutsideOfPackage(root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("dagger..", "jakarta.inject..", "javax.inject..",
                        "picocli..")
                .because("wiring and the command line live in bootstrap only");
    }

    /**
     * No JCA: the agent hashes and MACs with its own SHA-256 ({@code domain.crypto.Sha256}) and compares
     * MACs with {@code ConstantTime}. The first {@code MessageDigest.getInstance} loads ~100 classes (the
     * provider list, {@code sun.security.provider}, VarHandle views) that stay resident in every VM;
     * {@code javax.crypto} and {@code SecureRandom} go through the same provider lookup. The Windows
     * adapter is exempt (it may need the platform's crypto; it uses none today). Tests may use the JCA:
     * they check the agent's SHA-256 and HMAC against it.
     */
    ArchRule noJcaOutsideTheWindowsAdapter() {
        return noClasses().that().resideInAPackage(root + "..")
                .and().resideOutsideOfPackage(root + ".adapters.windows..")
                .should().dependOnClassesThat(resideInAPackage("javax.crypto..")
                        .or(com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                                java.security.MessageDigest.class, java.security.MessageDigestSpi.class,
                                java.security.DigestInputStream.class, java.security.DigestOutputStream.class,
                                java.security.SecureRandom.class, java.security.Security.class,
                                java.security.Provider.class, java.security.Signature.class,
                                java.security.KeyFactory.class, java.security.KeyPairGenerator.class,
                                java.security.KeyStore.class)))
                .because("the JCA's provider machinery costs ~100 resident classes; SHA-256 and HMAC are the"
                        + " agent's own (docs/architecture.md)");
    }

    /**
     * Loggers come from {@code domain.log.Logs}, whose backend the entry point installs: the JDK's
     * {@code System.getLogger} lookup ({@code LoggerFinder}, {@code ServiceLoader}, lazy and bootstrap
     * loggers, their lambdas and streams) loaded ~140 classes into every agent (docs/performance.md).
     * {@code Logs} alone falls back to it, when no backend is installed (unit tests, library use).
     */
    ArchRule onlyLogsCallsSystemGetLogger() {
        return noClasses().that().haveNameNotMatching(
                        java.util.regex.Pattern.quote(root + ".domain.log.Logs") + "(\\$.*)?")
                .should().callMethod(System.class, "getLogger", String.class)
                .orShould().callMethod(System.class, "getLogger", String.class, java.util.ResourceBundle.class)
                .orShould().callMethod(System.LoggerFinder.class, "getLoggerFinder")
                .because("System.getLogger's lookup costs ~140 loaded classes; Logs.get(Class) resolves through the"
                        + " installed backend");
    }

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }
}
