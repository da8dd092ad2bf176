package org.infinibay.infiniservice.application.port.out;

import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;

/**
 * Loads the guest owner's policy (where it lives, how it is parsed and who may own it are the
 * adapter's business). Never throws: a file that cannot be used yields
 * {@link LoadedPolicy#refused(String, String)}, so the agent always starts.
 */
public interface PolicySource {
    LoadedPolicy load();

    /** The built-in default (a class, not a method reference: no lambda machinery for a constant). */
    PolicySource BUILT_IN = new PolicySource() {
        @Override
        public LoadedPolicy load() {
            return LoadedPolicy.builtIn();
        }
    };
}
