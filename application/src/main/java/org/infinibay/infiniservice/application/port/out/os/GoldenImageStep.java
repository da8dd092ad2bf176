package org.infinibay.infiniservice.application.port.out.os;

/** One PrepareGoldenImage step (§8.5.12). A failed {@code mandatory} step fails the action. */
public record GoldenImageStep(String step, boolean success, String message, boolean mandatory) {
}
