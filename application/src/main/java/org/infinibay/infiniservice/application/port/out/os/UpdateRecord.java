package org.infinibay.infiniservice.application.port.out.os;

/**
 * One entry of the update agent's history (GetUpdateHistory, §8.5.5). {@code status} is the
 * operation result's name ({@code Succeeded}, {@code SucceededWithErrors}, {@code Failed},
 * {@code Aborted}, {@code InProgress}, {@code NotStarted}); {@code resultCode} its number (0-5).
 * {@code kbArticle} is {@code KB<n>} or {@code null}.
 */
public record UpdateRecord(String title, String kbArticle, long dateMillis, String status, int resultCode,
                           String description) {
}
