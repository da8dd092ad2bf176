package org.infinibay.infiniservice.bootstrap.policy;

/** Why a policy file cannot be used; the message is shown to the operator as is. */
final class PolicyFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PolicyFileException(String message) {
        super(message);
    }
}
