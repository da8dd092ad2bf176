package org.infinibay.infiniservice.application.port.out.os;

/** One step of an automatic repair (AutoFixWindowsUpdates, AutoFixDefender, §8.5.9). */
public record RemediationStep(String action, boolean success, String message) {
}
