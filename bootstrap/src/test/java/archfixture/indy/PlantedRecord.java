package archfixture.indy;

/**
 * A planted record for NoInvokeDynamicTest: its generated equals/hashCode/toString are three invokedynamic entries
 * bootstrapped by ObjectMethods and nothing else, which the record rule lets pass, unless the record is listed as
 * one whose methods must be written out.
 */
public record PlantedRecord(int a) {
}
