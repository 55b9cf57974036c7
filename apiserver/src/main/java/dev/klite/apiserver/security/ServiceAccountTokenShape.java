package dev.klite.apiserver.security;

/** Cheap shape test of a compact JWS (three non-empty dot-separated parts) before any parsing. */
final class ServiceAccountTokenShape {
  private ServiceAccountTokenShape() {}

  static boolean isJwt(String token) {
    int first = token.indexOf('.');
    if (first <= 0) return false;
    int second = token.indexOf('.', first + 1);
    return second > first + 1 && second < token.length() - 1 && token.indexOf('.', second + 1) < 0;
  }
}
