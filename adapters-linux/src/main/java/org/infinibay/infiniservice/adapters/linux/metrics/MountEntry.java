package org.infinibay.infiniservice.adapters.linux.metrics;

/** One line of /proc/self/mountinfo: device id ("major:minor"), mount point, type and source. */
record MountEntry(String device, String mountPoint, String fsType, String source) {
}
