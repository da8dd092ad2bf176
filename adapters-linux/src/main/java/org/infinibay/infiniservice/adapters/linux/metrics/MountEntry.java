package org.infinibay.infiniservice.adapters.linux.metrics;

/**
 * One line of /proc/self/mountinfo: device id ("major:minor"), the root of the mount within its
 * filesystem ("/" unless a bind mount of a sub-tree or file), mount point, type and source.
 */
record MountEntry(String device, String root, String mountPoint, String fsType, String source) {
}
