package org.infinibay.infiniservice.bootstrap.diagnose;

import java.io.PrintStream;
import java.util.List;

/** An extra part of the {@code diagnose} report, printed before the result line. */
public interface DiagnoseSection {

    /** Prints the section; adds to {@code problems} what would stop the agent from working as configured. */
    void report(PrintStream out, List<String> problems);
}
