package dev.bahe.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {

  @Test
  void everyHalfValueRoundTripsExactly() {
    for (int h = 0; h <= 0xffff; h++) {
      float f = Float16.toFloat((short) h);
      if (Float.isNaN(f)) {
        assertThat((h & 0x7c00) == 0x7c00 && (h & 0x3ff) != 0).isTrue();
        assertThat(Float.isNaN(Float16.toFloat(Float16.fromFloat(f)))).isTrue();
      } else {
        assertThat(Float16.fromFloat(f) & 0xffff).as("half %04x", h).isEqualTo(h);
      }
    }
  }

  @Test
  void knownValues() {
    assertThat(Float16.fromFloat(1f)).isEqualTo((short) 0x3c00);
    assertThat(Float16.fromFloat(-2f)).isEqualTo((short) 0xc000);
    assertThat(Float16.fromFloat(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Float16.fromFloat(65519.99f)).isEqualTo((short) 0x7bff);
    assertThat(Float16.fromFloat(65520f)).isEqualTo((short) 0x7c00); // ties to even: infinity
    assertThat(Float16.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001); // smallest subnormal
    assertThat(Float16.fromFloat(0x1p-25f)).isEqualTo((short) 0x0000); // tie to even: zero
    assertThat(Float16.fromFloat(0x1.8p-25f)).isEqualTo((short) 0x0001);
    assertThat(Float16.fromFloat(-0f)).isEqualTo((short) 0x8000);
    assertThat(Float16.fromFloat(Float.POSITIVE_INFINITY)).isEqualTo((short) 0x7c00);
    assertThat(Float16.toFloat((short) 0x3555)).isEqualTo(0.33325195f);
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties to even (1); 1 + 3 * 2^-11 goes up to 1 + 2^-9
    assertThat(Float16.round(1f + 0x1p-11f)).isEqualTo(1f);
    assertThat(Float16.round(1f + 3 * 0x1p-11f)).isEqualTo(1f + 0x1p-9f);
  }

  @Test
  void randomFloatsRoundToTheNearestHalfTiesToEven() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n = 0; n < 200_000; n++) {
      float f = Float.intBitsToFloat(random.nextInt());
      if (Float.isNaN(f) || Math.abs(f) >= 65520f) {
        continue;
      }
      short h = Float16.fromFloat(f);
      double got = Float16.toFloat(h);
      double err = Math.abs(got - f);
      // the neighbours of h (same sign) are not closer
      for (int delta : new int[] {-1, 1}) {
        int neighbour = (h & 0xffff) + delta;
        if ((neighbour & 0x7fff) >= 0x7c00 || ((neighbour ^ h) & 0x8000) != 0) {
          continue;
        }
        double other = Math.abs(Float16.toFloat((short) neighbour) - (double) f);
        assertThat(err).as("f=%s h=%04x", f, h).isLessThanOrEqualTo(other);
        if (err == other) {
          assertThat(h & 1).as("tie of %s must go to even", f).isZero();
        }
      }
    }
  }
}
