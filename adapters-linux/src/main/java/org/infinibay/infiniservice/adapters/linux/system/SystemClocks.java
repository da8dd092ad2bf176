package org.infinibay.infiniservice.adapters.linux.system;

import java.util.function.LongSupplier;

/**
 * The JVM's clocks as a {@link LongSupplier}: a named class with a switch instead of {@code System::nanoTime}
 * and {@code System::currentTimeMillis}, so no lambda (and no LambdaMetafactory) runs when the agent's
 * sources are built (issue #17).
 */
public final class SystemClocks implements LongSupplier {
    /** {@link System#nanoTime()}. */
    public static final SystemClocks NANOS = new SystemClocks(true);
    /** {@link System#currentTimeMillis()}. */
    public static final SystemClocks MILLIS = new SystemClocks(false);

    private final boolean nanos;

    private SystemClocks(boolean nanos) {
        this.nanos = nanos;
    }

    @Override
    public long getAsLong() {
        return nanos ? System.nanoTime() : System.currentTimeMillis();
    }
}
