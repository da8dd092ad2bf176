package org.infinibay.infiniservice.application.service.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The usage book's counting and its persisted format (document {@code application-usage}). */
class UsageBookTest {

    @Test
    void roundTripsAndCountsLaunchesOnce() {
        UsageBook b = new UsageBook();
        String odd = "/opt/we\tird\\app\nx";
        UsageBook.Launch l1 = new UsageBook.Launch(10, 1000);
        UsageBook.Launch l2 = new UsageBook.Launch(11, 2000);
        b.observe(Map.of(odd, Set.of(l1)), 10_000);
        b.observe(Map.of(odd, Set.of(l1, l2)), 70_000);
        b.observe(Map.of(odd, Set.of(l2)), 130_000);
        UsageBook.Usage u = b.get(odd);
        assertEquals(2, u.launches);
        assertEquals(120_000, u.usageMillis);
        UsageBook back = UsageBook.parse(b.serialize());
        UsageBook.Usage r = back.get(odd);
        assertEquals(2, r.launches);
        assertEquals(120_000, r.usageMillis);
        assertEquals(130_000, r.lastAccessMillis);
        assertEquals(Set.of(l2), r.live);
        back.observe(Map.of(odd, Set.of(l2)), 200_000);
        assertEquals(2, back.get(odd).launches, "a process alive across a restart is not a new launch");
        assertEquals(120_000, back.get(odd).usageMillis, "nothing is credited before the first sample after start");
        assertTrue(UsageBook.parse("garbage\n".getBytes(StandardCharsets.UTF_8)).all().isEmpty());
        assertTrue(UsageBook.parse((UsageBook.HEADER + "\n/x\tnotanumber\t1\t1\t\n").getBytes(StandardCharsets.UTF_8))
                .all().isEmpty());
    }

    /** A file as the Linux agent wrote it before the usage tracking moved here: it must keep loading. */
    @Test
    void readsFilesWrittenByEarlierLinuxReleases() {
        String saved = "infiniservice-application-usage 1\n"
                + "/usr/bin/firefox\t7\t3600000\t1700000000000\t4242:1699999990000,4243:1699999995000\n"
                + "/opt/tool/bin/a\\tb\t1\t60000\t1690000000000\t\n";
        UsageBook book = UsageBook.parse(saved.getBytes(StandardCharsets.UTF_8));
        UsageBook.Usage ff = book.get("/usr/bin/firefox");
        assertEquals(7, ff.launches());
        assertEquals(60, ff.usageMinutes());
        assertEquals(1_700_000_000_000L, ff.lastAccessMillis());
        assertTrue(ff.active());
        assertEquals(Set.of(new UsageBook.Launch(4242, 1_699_999_990_000L), new UsageBook.Launch(4243, 1_699_999_995_000L)),
                ff.live);
        UsageBook.Usage tool = book.get("/opt/tool/bin/a\tb");
        assertEquals(1, tool.launches());
        assertEquals(false, tool.active());
        assertEquals(saved.lines().skip(2).findFirst().orElseThrow(),
                new String(book.serialize(), StandardCharsets.UTF_8).lines().skip(2).findFirst().orElseThrow(),
                "written back in the same format");
    }
}
