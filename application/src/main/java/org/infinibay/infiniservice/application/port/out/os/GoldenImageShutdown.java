package org.infinibay.infiniservice.application.port.out.os;

/**
 * How PrepareGoldenImage ends when {@code shutdown_after} is set (§8.5.12): {@code power.powerOff()}
 * at least 3 s after the reply. Where the OS has a tool that generalises the image and shuts the guest
 * down itself, {@code power} launches that tool instead, {@code generalizes} is true (the reply's
 * {@code sysprep_launched}) and {@code command} names it in {@code stdout}.
 *
 * @param command what the reply says is scheduled (e.g. {@code power-off})
 */
public record GoldenImageShutdown(PowerControl power, String command, boolean generalizes) {

    /** A short name for logs (the command's first word). */
    public String label() {
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** The guest's own power-off. */
    public static GoldenImageShutdown powerOff(PowerControl power) {
        return new GoldenImageShutdown(power, "power-off", false);
    }
}
