package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;

/**
 * One software update not yet installed. {@code msrcSeverity} is the vendor's rating
 * ({@code Critical}, {@code Important}, {@code Moderate}, {@code Low}) or {@code null};
 * {@code kbArticleIds} are bare numbers ({@code "5031234"}); {@code sizeBytes} is {@code null} when unknown.
 */
public record AvailableUpdate(String title, List<String> kbArticleIds, String msrcSeverity, boolean mandatory,
                              String description, Long sizeBytes, List<String> categories) {
    public AvailableUpdate {
        kbArticleIds = List.copyOf(kbArticleIds);
        categories = List.copyOf(categories);
    }
}
