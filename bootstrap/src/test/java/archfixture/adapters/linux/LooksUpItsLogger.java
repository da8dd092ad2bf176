package archfixture.adapters.linux;

/** Planted violations: an adapter looks its logger up through the JDK's LoggerFinder, twice. */
public class LooksUpItsLogger {
    private static final System.Logger LOG = System.getLogger(LooksUpItsLogger.class.getName());

    public void log() {
        LOG.log(System.Logger.Level.INFO, "x");
        System.LoggerFinder.getLoggerFinder().getLogger("y", LooksUpItsLogger.class.getModule());
    }
}
