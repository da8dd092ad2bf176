package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;

/**
 * Everything a guest OS shares: the safe actions over OS ports ({@link ActionsModule}), program
 * execution ({@link ExecutionModule}) and application usage ({@link ApplicationUsageModule}). A
 * platform module includes this and binds the ports those modules list; adding a guest OS is one more
 * such module (plus its channel module and component).
 */
@Module(includes = {ActionsModule.class, ExecutionModule.class, ApplicationUsageModule.class})
public final class GuestModule {
    private GuestModule() {
    }
}
