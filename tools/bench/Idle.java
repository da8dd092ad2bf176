/**
 * The "trivial JVM" of the bench: started with the agent's shipped flags, it prints one line
 * (so the bench can time exec to first output) and then sleeps forever. Its RSS is the floor the
 * agent is compared with.
 */
public final class Idle {
    private Idle() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
