package org.infinibay.infiniservice.application.port.out.os;

/**
 * One service in the vocabulary of CONTRACT §8.5.1: {@code state} ∈ Running, Stopped, Failed,
 * StartPending, StopPending, Paused, ...; {@code startType} ∈ Automatic, Manual, Disabled, Boot, System.
 */
public record ServiceInfo(String name, String displayName, String state, String startType, String description) {
}
