package org.infinibay.infiniservice.application.port.out;

public interface SystemFactsSource {
    SystemFacts facts();
}
