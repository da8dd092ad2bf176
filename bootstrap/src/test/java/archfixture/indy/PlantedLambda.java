package archfixture.indy;

import java.util.function.Supplier;

/**
 * A planted violation for NoInvokeDynamicTest: one lambda, so one invokedynamic (LambdaMetafactory) in its class
 * file.
 */
public final class PlantedLambda {
    private PlantedLambda() {
    }

    public static Supplier<String> supplier() {
        return () -> "planted";
    }
}
