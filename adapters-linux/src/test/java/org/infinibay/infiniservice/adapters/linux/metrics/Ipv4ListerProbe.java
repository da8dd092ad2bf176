package org.infinibay.infiniservice.adapters.linux.metrics;

import java.net.NetworkInterface;
import java.net.SocketException;

/** Run by {@link Ipv4ListerNetnsTest} inside a network namespace: what the JDK says, then what the lister says. */
public final class Ipv4ListerProbe {
    private Ipv4ListerProbe() {
    }

    public static void main(String[] args) throws Exception {
        try {
            NetworkInterface.getNetworkInterfaces();
            System.out.println("jdk: interfaces");
        } catch (SocketException e) {
            System.out.println("jdk: " + e.getMessage());
        }
        System.out.println("lister: " + Ipv4Lister.system().list());
    }
}
