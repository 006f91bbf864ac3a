package dev.bahe.examples.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of this process: {@code VmHWM} from {@code /proc/self/status}, which counts the JVM heap
 * and all native memory (PyTorch tensors, ONNX Runtime, memory-mapped store pages that were touched).
 */
public final class PeakMemory {

  private PeakMemory() {}

  /** Peak RSS in MiB, or NaN where {@code /proc} is unavailable. */
  public static double peakRssMb() {
    return readKb("VmHWM:") / 1024.0;
  }

  /** Current RSS in MiB, or NaN. */
  public static double currentRssMb() {
    return readKb("VmRSS:") / 1024.0;
  }

  private static double readKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field)) {
          String[] parts = line.substring(field.length()).trim().split("\\s+");
          return Double.parseDouble(parts[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
