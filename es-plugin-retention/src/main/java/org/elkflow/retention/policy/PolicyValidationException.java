package org.elkflow.retention.policy;

import java.util.List;

/** A policy definition that cannot be accepted; every error names the bad key (dotted path) and value. */
public final class PolicyValidationException extends IllegalArgumentException {

    private final List<String> errors;

    public PolicyValidationException(String policy, List<String> errors) {
        super("invalid retention policy [" + policy + "]: " + String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
