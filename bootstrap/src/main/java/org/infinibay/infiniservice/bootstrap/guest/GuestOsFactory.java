package org.infinibay.infiniservice.bootstrap.guest;

import org.infinibay.infiniservice.bootstrap.config.Configuration;

/** Builds a guest OS's component (typically {@code DaggerXxxGuest.factory()::create}). Creates nothing yet. */
@FunctionalInterface
public interface GuestOsFactory {

    GuestOs create(Configuration configuration, CoreServices core);
}
