package org.infinibay.infiniservice.bootstrap.guest;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

/**
 * A source the safe actions use on their own (ProcessList, CheckDiskSpace...), apart from the periodic
 * collection's, so that sampling for a command never shortens the metrics cycle's interval.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface ForActions {
}
