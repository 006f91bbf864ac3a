package dev.bahe.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about this JVM and machine for provenance and {@code bahe doctor}. */
final class SystemInfo {

  private SystemInfo() {}

  /** Java, OS, cores, memory and the one-minute load average. */
  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("java", System.getProperty("java.version"));
    m.put("javaVendor", System.getProperty("java.vendor"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    if (load >= 0) {
      m.put("loadAverage", load); // other work on the machine skews every timing
    }
    long total = physicalMemoryMb();
    if (total > 0) {
      m.put("physicalMemoryMb", total);
    }
    return m;
  }

  /** Peak resident set size of this process (VmHWM) in MB, or NaN where /proc is not available. */
  static double peakRssMb() {
    return dev.bahe.examples.experiment.PeakMemory.peakRssMb();
  }

  /** Total physical memory in MB, or -1 where /proc is not available. */
  static long physicalMemoryMb() {
    double kb = procStatusKb("/proc/meminfo", "MemTotal:");
    return Double.isNaN(kb) ? -1 : (long) (kb / 1024);
  }

  private static double procStatusKb(String file, String key) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(key)) {
          return Double.parseDouble(line.substring(key.length()).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
