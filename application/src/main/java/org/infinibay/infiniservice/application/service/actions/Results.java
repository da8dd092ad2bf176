package org.infinibay.infiniservice.application.service.actions;

import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;

/** Maps OS failures onto responses (CONTRACT §9.3). */
final class Results {
    private Results() {
    }

    static ActionResult failure(OsOperationException e, Json data) {
        return new ActionResult(false, e.exitCode(), e.stdout(), e.stderr(), data, e.getMessage());
    }

    static ActionResult failure(OsOperationException e) {
        return failure(e, null);
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }
}
