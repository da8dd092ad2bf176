package org.infinibay.infiniservice.domain.metrics;

public record LoadAverage(double load1, double load5, double load15) {
}
