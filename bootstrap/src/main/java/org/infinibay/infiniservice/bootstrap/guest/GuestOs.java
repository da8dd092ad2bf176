package org.infinibay.infiniservice.bootstrap.guest;

import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageShutdown;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;

/**
 * Everything a guest OS gives the core: its adapters, as ports only. A guest is one Dagger component
 * that extends this interface and depends on {@link CoreServices}; the core component depends on this
 * interface and builds every OS-neutral service, and every safe-action handler, from it. Nothing here
 * names an operating system: adding a guest OS is a new adapter module plus such a component
 * (docs/architecture.md, "Adding a guest OS").
 *
 * <p>Optional ports are what only some guests have; a guest that binds one gets its handlers (an
 * update agent: CheckWindowsUpdates and the other update-agent actions; an antivirus: the Defender
 * actions and health check; a script host: ExecutePowerShellScript; a security-module inspector:
 * CheckSecurityModules; an integrity checker: CheckSystemIntegrity), and every catalogue action it has
 * no handler for answers 126 "not supported on {@link GuestPlatform#displayName()}". Dagger's
 * {@code @BindsOptionalOf} (module {@code OptionalPorts}) makes them absent unless bound.
 */
public interface GuestOs {

    /** The OS as the wire names it (handshake, "not supported" replies). */
    GuestPlatform platform();

    // the host channel and the wire codec
    HostChannel channel();

    JsonCodec codec();

    // the state directory, the audit trail, the agent itself, static facts
    StateStore stateStore();

    AuditTrail audit();

    SelfMonitor selfMonitor();

    SystemFactsSource facts();

    // the periodic metrics collection (§7)
    SystemMetricsSource systemMetrics();

    ProcessSource processes();

    PortSource ports();

    AppCatalog applicationCatalog();

    Optional<ServiceInventorySource> serviceInventory();

    // running programs: unsafe commands, scripts, every OS program the adapters run
    ProcessLauncher launcher();

    UserDirectory users();

    ShellPlatform shells();

    ScriptFiles scriptFiles();

    // the safe actions' ports (§8.4)
    @ForActions
    SystemMetricsSource actionMetrics();

    @ForActions
    ProcessSource actionProcesses();

    ProcessControl processControl();

    LocalAccounts localAccounts();

    ServiceManager services();

    PackageManager packages();

    ApplicationInventory applicationInventory();

    FirewallInspector firewall();

    CleanupTargets cleanupTargets();

    PowerControl power();

    GoldenImagePreparer goldenImage();

    GoldenImageShutdown goldenImageShutdown();

    DomainJoiner domainJoiner();

    Optional<UpdateAgent> updateAgent();

    Optional<AntivirusInspector> antivirus();

    Optional<ScriptHost> scriptHost();

    Optional<SecurityModuleInspector> securityModules();

    Optional<IntegrityChecker> integrity();
}
