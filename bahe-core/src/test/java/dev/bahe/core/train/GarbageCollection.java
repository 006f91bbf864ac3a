package dev.bahe.core.train;

import java.lang.ref.PhantomReference;
import java.lang.ref.ReferenceQueue;

/** Test support: a garbage collection whose unreachable direct buffers have been freed when it returns. */
final class GarbageCollection {

  private GarbageCollection() {}

  /**
   * Collects until an object that became unreachable before the call has been processed by the reference
   * handler, which is also what frees unreachable direct byte buffers, then gives the handler a moment to finish
   * the rest of that collection's references.
   */
  static void collectAndFreeDirectBuffers() {
    ReferenceQueue<Object> queue = new ReferenceQueue<>();
    PhantomReference<Object> probe = new PhantomReference<>(new Object(), queue);
    try {
      for (int i = 0; i < 50 && queue.poll() == null; i++) {
        System.gc();
        Thread.sleep(10);
      }
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    probe.clear();
  }
}
