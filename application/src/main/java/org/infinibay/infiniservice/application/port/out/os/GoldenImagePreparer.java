package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/** Generalises the guest before it is captured as a template (§8.5.12). */
public interface GoldenImagePreparer {

    /** Why preparation cannot run here (e.g. not privileged), or {@code null} when it can. */
    String refusal();

    /** Runs every step of {@code level} ∈ minimal, standard, deep; a failing step does not stop the others. */
    List<GoldenImageStep> prepare(String level, boolean sanitizeUserData, Deadline deadline) throws InterruptedException;
}
