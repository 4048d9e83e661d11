package org.dalil.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used so far, read from {@code /proc}: by the server's process, by its JIT compiler
 * threads, and by every process named {@code postgres} (the local server's and the embedded one's
 * backends). The difference over a phase says what a message costs each of them, which compares
 * across machines better than throughput does; the JIT's share says whether the phase measured a
 * server still compiling.
 */
record CpuTimes(double server, double jit, double postgres) {
  /** Linux's USER_HZ: {@code /proc} counts CPU time in hundredths of a second. */
  private static final double TICKS_PER_SECOND = 100.0;

  static CpuTimes now(long serverPid) {
    double server = 0;
    double jit = 0;
    if (serverPid > 0) {
      Path tasks = Path.of("/proc", Long.toString(serverPid), "task");
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
        for (Path thread : threads) {
          double seconds = seconds(thread.resolve("stat"));
          server += seconds;
          if (read(thread.resolve("comm")).contains("CompilerThre")) {
            jit += seconds;
          }
        }
      } catch (IOException e) {
        // The server is gone: nothing to count.
      }
    }
    double postgres = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path process : processes) {
        if (read(process.resolve("comm")).equals("postgres")) {
          postgres += seconds(process.resolve("stat"));
        }
      }
    } catch (IOException e) {
      // /proc unreadable: report nothing rather than fail the run.
    }
    return new CpuTimes(server, jit, postgres);
  }

  CpuTimes minus(CpuTimes earlier) {
    return new CpuTimes(server - earlier.server, jit - earlier.jit, postgres - earlier.postgres);
  }

  /** utime + stime, the 14th and 15th fields, counted after the command name (which may hold spaces). */
  private static double seconds(Path stat) {
    String line = read(stat);
    int end = line.lastIndexOf(')');
    if (end < 0) {
      return 0;
    }
    String[] fields = line.substring(end + 2).split(" ");
    if (fields.length < 13) {
      return 0;
    }
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
