package org.infinibay.infiniservice.application.port.out.os;

/** The outcome of install/remove/update (CONTRACT §8.5.2). */
public record PackageChange(boolean changed, boolean rebootRequired, int packagesChanged, CommandOutput output) {
}
