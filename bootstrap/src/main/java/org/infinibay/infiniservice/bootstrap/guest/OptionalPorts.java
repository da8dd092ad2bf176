package org.infinibay.infiniservice.bootstrap.guest;

import dagger.BindsOptionalOf;
import dagger.Module;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;

/**
 * The ports only some guests have ({@link GuestOs}'s {@code Optional}s): a guest component includes
 * this module and binds those it has; the others are absent.
 */
@Module
public interface OptionalPorts {
    @BindsOptionalOf
    ServiceInventorySource serviceInventory();

    @BindsOptionalOf
    UpdateAgent updateAgent();

    @BindsOptionalOf
    AntivirusInspector antivirus();

    @BindsOptionalOf
    ScriptHost scriptHost();

    @BindsOptionalOf
    SecurityModuleInspector securityModules();

    @BindsOptionalOf
    IntegrityChecker integrity();
}
