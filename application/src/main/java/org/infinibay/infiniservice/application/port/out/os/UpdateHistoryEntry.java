package org.infinibay.infiniservice.application.port.out.os;

/** One past package transaction item (GetUpdateHistory, §8.5.5). {@code status}: Succeeded / Failed. */
public record UpdateHistoryEntry(String title, long installedAtMillis, String action, String status) {
}
