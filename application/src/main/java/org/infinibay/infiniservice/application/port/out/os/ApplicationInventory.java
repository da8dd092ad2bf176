package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * Installed applications as the OS lists them (e.g. the Uninstall registry keys of both views and the
 * users plus Store packages — never {@code Win32_Product}, pitfall P20; or desktop entries and the
 * packages that own them).
 */
public interface ApplicationInventory {
    List<InstalledApplication> applications(Deadline deadline) throws OsOperationException, InterruptedException;

    /** The stdout line of GetInstalledApplicationsWMI: how many applications, from where. */
    default String summary(List<InstalledApplication> applications) {
        return applications.size() + " applications";
    }

    /**
     * The package source (a {@link PendingUpdate#repository()}) whose packages are the OS's application
     * store (e.g. {@code msstore}), counted on a line of its own by CheckApplicationUpdates; {@code null}
     * when the guest has none.
     */
    default String storeSource() {
        return null;
    }

    /** How replies name that store (e.g. {@code Microsoft Store}). */
    default String storeName() {
        return "Store";
    }
}
