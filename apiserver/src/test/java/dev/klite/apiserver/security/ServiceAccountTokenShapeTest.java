package dev.klite.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceAccountTokenShapeTest {
  @Test
  void onlyThreeNonEmptyDotSeparatedPartsLookLikeAJwt() {
    assertThat(ServiceAccountTokenShape.isJwt("a.b.c")).isTrue();
    assertThat(ServiceAccountTokenShape.isJwt("0123abcdef")).isFalse();
    assertThat(ServiceAccountTokenShape.isJwt("a.b")).isFalse();
    assertThat(ServiceAccountTokenShape.isJwt(".b.c")).isFalse();
    assertThat(ServiceAccountTokenShape.isJwt("a..c")).isFalse();
    assertThat(ServiceAccountTokenShape.isJwt("a.b.")).isFalse();
    assertThat(ServiceAccountTokenShape.isJwt("a.b.c.d")).isFalse();
  }
}
