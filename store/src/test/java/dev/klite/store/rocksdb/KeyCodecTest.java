package dev.klite.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.store.Bytes;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyCodecTest {
  private static final byte[] ALPHABET = {0, 1, (byte) 0x7f, (byte) 0xfe, (byte) 0xff, 'a'};

  @Test
  void versionKeysSortByKeyThenRevisionEvenWithZeroBytesInKeys() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      Bytes k1 = randomKey(random);
      Bytes k2 = randomKey(random);
      long r1 = 1 + random.nextInt(1 << 20);
      long r2 = 1 + random.nextInt(1 << 20);
      int expected = k1.compareTo(k2) != 0 ? k1.compareTo(k2) : Long.compare(r1, r2);

      int actual = Arrays.compareUnsigned(KeyCodec.versionKey(k1, r1), KeyCodec.versionKey(k2, r2));

      assertThat(Integer.signum(actual)).as("%s@%d vs %s@%d", k1, r1, k2, r2).isEqualTo(Integer.signum(expected));
      if (k1.compareTo(k2) < 0) {
        assertThat(Arrays.compareUnsigned(KeyCodec.versionKey(k1, r1), KeyCodec.lowerBound(k2))).isNegative();
      }
    }
  }

  @Test
  void userKeyAndRevisionRoundTrip() {
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      Bytes key = randomKey(random);
      long rev = random.nextLong() & Long.MAX_VALUE;
      byte[] entry = KeyCodec.versionKey(key, rev);

      assertThat(KeyCodec.userKey(entry)).isEqualTo(key);
      assertThat(KeyCodec.revision(entry)).isEqualTo(rev);
      assertThat(KeyCodec.isVersionOf(entry, KeyCodec.lowerBound(key))).isTrue();
    }
  }

  @Test
  void plainKeysEncodeAsKeyZeroRevision() {
    assertThat(KeyCodec.versionKey(Bytes.of("/a"), 258))
        .containsExactly('/', 'a', 0, 0, 0, 0, 0, 0, 0, 1, 2);
  }

  private static Bytes randomKey(Random random) {
    byte[] key = new byte[random.nextInt(5)];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return Bytes.wrap(key);
  }
}
