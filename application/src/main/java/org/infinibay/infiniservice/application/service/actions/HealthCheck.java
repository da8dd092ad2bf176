package org.infinibay.infiniservice.application.service.actions;

import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** One named health check of CONTRACT §8.5.8; a platform adds its own (e.g. {@code windows_defender}). */
public interface HealthCheck {

    /** The wire name, e.g. {@code disk_space}. */
    String name();

    Result run(Deadline deadline) throws Exception;

    /** {@code status} ∈ passed, warning, failed; {@code details} never null. */
    record Result(String status, String message, JsonObject details) {
        public Result {
            details = details == null ? JsonObject.EMPTY : details;
            message = message == null ? "" : message;
        }

        public JsonObject toJson() {
            return JsonObject.builder().put("status", status).put("message", message).put("details", details).build();
        }
    }
}
