package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * Installed applications as the OS lists them (Windows: the Uninstall registry keys of both
 * views and the users, plus Store packages — never {@code Win32_Product}, pitfall P20).
 */
public interface ApplicationInventory {
    List<InstalledApplication> applications(Deadline deadline) throws OsOperationException, InterruptedException;
}
