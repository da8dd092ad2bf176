package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/** The built-in antivirus (Microsoft Defender): status, threat history, a quick scan, repair. */
public interface AntivirusInspector {

    /** How replies name the product (e.g. {@code Defender}). */
    String productName();

    /** The name of its health check in RunAllHealthChecks (§8.5.8, e.g. {@code windows_defender}). */
    String healthCheckName();

    AntivirusStatus status(Deadline deadline) throws OsOperationException, InterruptedException;

    /** Known threats, newest first (detections joined with the threat catalogue). */
    List<ThreatRecord> threats(Deadline deadline) throws OsOperationException, InterruptedException;

    /**
     * Runs a quick scan until it completes or {@code deadline} passes; a scan still running at the
     * deadline is reported by an {@link OsOperationException} with exit code 124.
     */
    ScanOutcome quickScan(Deadline deadline) throws OsOperationException, InterruptedException;

    /** Re-enables real-time protection and updates signatures (AutoFixDefender, §8.5.9). */
    List<RemediationStep> repair(Deadline deadline) throws InterruptedException;
}
