package dev.bahe.examples.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT handling for long-running commands: the handler runs instead of the JVM's default (which
 * would exit with 143 before the command could drain), so the command shuts down in order and exits 0.
 */
final class Signals {

  private Signals() {}

  /** Runs {@code action} (once per signal) on SIGTERM or SIGINT. */
  static void onTermination(Runnable action) {
    Signal.handle(new Signal("TERM"), s -> action.run());
    Signal.handle(new Signal("INT"), s -> action.run());
  }
}
