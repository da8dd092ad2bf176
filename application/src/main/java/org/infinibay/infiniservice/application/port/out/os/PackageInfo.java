package org.infinibay.infiniservice.application.port.out.os;

/** One package (CONTRACT §8.5.2); {@code id} is the winget id on Windows, the name elsewhere. */
public record PackageInfo(String name, String version, String description, boolean installed, String publisher,
                          String source, String id) {
}
