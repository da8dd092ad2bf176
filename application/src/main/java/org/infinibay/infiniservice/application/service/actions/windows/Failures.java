package org.infinibay.infiniservice.application.service.actions.windows;

import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;

/** OS failures as responses (§9.3), and the rounding the §8.5 examples use. */
final class Failures {
    private Failures() {
    }

    static ActionResult of(OsOperationException e, Json data) {
        return new ActionResult(false, e.exitCode(), e.stdout(), e.stderr(), data, e.getMessage());
    }

    static ActionResult of(OsOperationException e) {
        return of(e, null);
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
