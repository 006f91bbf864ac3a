package dev.bahe.api.key;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Stable 64-bit keys for atomic behaviours, derived from their normalised text.
 *
 * <p>Normalisation: Unicode NFKC, then every run of Unicode whitespace (the {@code White_Space}
 * property: ASCII blanks, non-breaking and other spaces, {@code U+0085}, {@code U+2028}, {@code U+2029} ...)
 * collapsed to one ASCII space, then leading and trailing whitespace removed. Case is kept: {@code "Apple"}
 * and {@code "apple"} are different behaviours. The key is the first 64 bits of MurmurHash3 x64 128 (seed
 * 0) of the normalised text's UTF-8 bytes; the value {@code 0} is never produced (it is reserved as the empty
 * marker of hash tables and remapped to {@code 1}).
 *
 * <p>Two different texts can share a key (probability about {@code n^2 / 2^65} for {@code n} behaviours).
 * Stores keep the normalised text beside each vector and must refuse such a collision, never share a
 * vector between two texts.
 */
public final class BehaviorKeys {

  private static final HashFunction HASH = Hashing.murmur3_128(0);
  /** {@code (?U)} makes {@code \s} match Unicode {@code White_Space}; without it {@code \s} is ASCII only. */
  private static final Pattern WHITESPACE = Pattern.compile("(?U)\\s+");

  private BehaviorKeys() {}

  /** The normalised form of a behaviour text: its identity. */
  public static String normalize(String text) {
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
    return WHITESPACE.matcher(nfkc).replaceAll(" ").strip();
  }

  /** The key of an already normalised text. */
  public static long keyOfNormalized(String normalized) {
    long key = HASH.hashString(normalized, StandardCharsets.UTF_8).asLong();
    return key == 0L ? 1L : key;
  }

  /** The key of a raw behaviour text: {@code keyOfNormalized(normalize(text))}. */
  public static long key(String text) {
    return keyOfNormalized(normalize(text));
  }
}
