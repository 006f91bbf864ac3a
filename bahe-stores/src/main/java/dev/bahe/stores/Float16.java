package dev.bahe.stores;

/**
 * IEEE 754 binary16 ("half precision") conversion, since Java 17 lacks {@code Float.floatToFloat16}.
 *
 * <p>{@link #fromFloat} rounds to nearest, ties to even (as IEEE 754 and Java 20's {@code Float.floatToFloat16}
 * do); values of magnitude {@code >= 65520} become infinity, values below half the smallest subnormal
 * ({@code 2^-25}) become signed zero, NaN stays NaN. {@link #toFloat} is exact: every binary16 value is a
 * float. Stateless and thread-safe.
 */
final class Float16 {

  /** Largest finite binary16 value. */
  static final float MAX_VALUE = 65504f;

  private Float16() {}

  /** The binary16 bits nearest to {@code f} (ties to even). */
  static short fromFloat(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      // infinity keeps its sign; NaN becomes a quiet NaN keeping the top payload bits
      return (short) (mant == 0 ? sign | 0x7c00 : sign | 0x7e00 | (mant >>> 13));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      // subnormal result: h = significand * 2^(e - 14), a right shift by 14 - e
      int significand = mant | 0x800000;
      int shift = 14 - e;
      int h = significand >>> shift;
      int rem = significand & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (h & 1) != 0)) {
        h++; // may carry into the smallest normal, which is the right encoding
      }
      return (short) (sign | h);
    }
    int h = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
      h++; // a carry into the exponent is correct, up to infinity (0x7c00)
    }
    return (short) (sign | h);
  }

  /** The float equal to the binary16 value {@code half} (exact). */
  static float toFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f; // exact: mant < 2^10
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** {@code f} rounded to the nearest binary16 value, as a float. */
  static float round(float f) {
    return toFloat(fromFloat(f));
  }
}
