package org.infinibay.infiniservice.application.port.out.os;

/** CONTRACT §8.5.6 CheckSecurityModules: {@code moduleType} ∈ selinux, apparmor, none. */
public record SecurityModuleStatus(String moduleType, boolean enabled, String selinuxMode, String apparmorMode,
                                   int profilesLoaded, int profilesEnforce, int profilesComplain) {
}
