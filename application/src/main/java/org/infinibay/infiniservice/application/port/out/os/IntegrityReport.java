package org.infinibay.infiniservice.application.port.out.os;

/** CheckSystemIntegrity (§8.5.10): {@code program} ∈ DISM, debsums, rpm. */
public record IntegrityReport(String program, boolean programAvailable, int exitCode, boolean issuesFound,
                              CommandOutput output) {
}
