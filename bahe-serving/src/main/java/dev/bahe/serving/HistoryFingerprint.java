package dev.bahe.serving;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.UserHistory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A 128-bit fingerprint of what a model can read of a history at a time: every behaviour strictly before the
 * time (type, timestamp, text), per type in time order. Two requests with equal fingerprints get the same
 * {@code Q_u}, so it keys the user-side cache; a behaviour appended before the time changes it, one at or after
 * the time does not.
 */
final class HistoryFingerprint {

  private HistoryFingerprint() {}

  static String of(UserHistory history, List<BehaviorType> types, long time) {
    Hasher h = Hashing.murmur3_128().newHasher();
    for (BehaviorType type : types) {
      int count = history.countBefore(type, time);
      h.putString(type.name(), StandardCharsets.UTF_8).putInt(count);
      List<Behavior> all = history.all(type);
      for (int i = 0; i < count; i++) {
        Behavior b = all.get(i);
        h.putLong(b.timestamp()).putString(b.text(), StandardCharsets.UTF_8).putByte((byte) 0);
      }
    }
    return h.hash().toString();
  }
}
