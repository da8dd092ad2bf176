package org.infinibay.infiniservice.application.port.out.os;

/** A local account. Fields that do not apply on an OS are {@code null}. */
public record LocalAccount(String name, Long uid, Long gid, String description, String home, String shell,
                          String fullName, Boolean disabled, Boolean locked, String sid) {
}
