package dev.klite.kubelet.token;

import io.fabric8.kubernetes.api.model.authentication.BoundObjectReference;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's cache of service account tokens ({@code pkg/kubelet/token/token_manager.go}): a token is requested
 * once per service account, audiences, lifetime and bound pod, and requested again only when {@link TokenRefresh}
 * says so. A failed refresh keeps the cached token while it is valid; the tokens of a pod are dropped when its volumes
 * are torn down ({@link #forgetPod}), and expired ones once a minute (upstream's gcPeriod; here on the first call after
 * the minute, not from a timer of its own). Thread-safe; blocking (HTTP through the {@link TokenSource}).
 */
public final class TokenManager {
  private static final Logger log = LoggerFactory.getLogger(TokenManager.class);
  private static final Duration GC_PERIOD = Duration.ofMinutes(1);

  private final TokenSource source;
  private final Clock clock;
  private final DoubleSupplier random;
  private final Map<Key, TokenRequest> cache = new ConcurrentHashMap<>();
  private volatile Instant lastSweep = Instant.MIN;

  public TokenManager(TokenSource source, Clock clock) {
    this(source, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random the jitter's source, a value in [0, 1) */
  TokenManager(TokenSource source, Clock clock, DoubleSupplier random) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = random;
  }

  /** A manager for a kubelet without an API server: every request fails with upstream's standalone-mode message. */
  public static TokenManager standalone(Clock clock) {
    return new TokenManager((ns, name, tr) -> {
      throw new TokenException("cannot use TokenManager when kubelet is in standalone mode");
    }, clock);
  }

  /**
   * A token for the service account, from the cache or freshly requested.
   *
   * @throws TokenException {@code failed to fetch token: <error>} when there is none yet, {@code token <key> expired
   *     and refresh failed: <error>} when the cached one has expired
   */
  public TokenRequest token(String namespace, String serviceAccount, TokenRequest request) throws TokenException {
    sweepExpired();
    Key key = Key.of(serviceAccount, namespace, request);
    TokenRequest cached = cache.get(key);
    Instant now = clock.instant();
    if (cached != null && !TokenRefresh.requiresRefresh(expiration(cached), cached.getSpec().getExpirationSeconds(),
        now, TokenRefresh.jitter(random.getAsDouble()))) {
      return cached;
    }
    TokenRequest fresh;
    try {
      fresh = source.request(namespace, serviceAccount, request);
    } catch (TokenException e) {
      if (cached == null) {
        throw new TokenException("failed to fetch token: " + e.getMessage(), e);
      }
      if (expired(cached, now)) {
        throw new TokenException("token " + key + " expired and refresh failed: " + e.getMessage(), e);
      }
      log.warn("couldn't update token {}: {}", key, e.getMessage());
      return cached;
    }
    if (fresh.getStatus() == null || fresh.getStatus().getToken() == null) {
      throw new TokenException("failed to fetch token: the API server's TokenRequest has no status.token");
    }
    if (fresh.getSpec() == null || fresh.getSpec().getExpirationSeconds() == null) {
      // The response's lifetime drives the refresh; a server that leaves it out gets the requested one.
      fresh.setSpec(request.getSpec());
    }
    cache.put(key, fresh);
    return fresh;
  }

  /** Drops the tokens bound to the pod (upstream DeleteServiceAccountToken, called when its volumes go). */
  public void forgetPod(String podUid) {
    cache.keySet().removeIf(k -> Objects.equals(podUid, k.refUid()));
  }

  int size() {
    return cache.size();
  }

  private void sweepExpired() {
    Instant now = clock.instant();
    if (Duration.between(lastSweep, now).compareTo(GC_PERIOD) >= 0 || now.isBefore(lastSweep)) {
      lastSweep = now;
      cache.values().removeIf(tr -> expired(tr, now));
    }
  }

  private static boolean expired(TokenRequest tr, Instant now) {
    return now.isAfter(expiration(tr));
  }

  private static Instant expiration(TokenRequest tr) {
    String ts = tr.getStatus().getExpirationTimestamp();
    try {
      return OffsetDateTime.parse(ts).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      // Unparseable: treat as already expired, so it is asked for again rather than trusted forever.
      return Instant.EPOCH;
    }
  }

  /**
   * What a token is cached under (upstream keyFunc: name, namespace, audiences, lifetime, bound object). Its string
   * form, used in errors and logs, holds nothing secret.
   */
  record Key(String name, String namespace, List<String> audiences, long expirationSeconds, String refApiVersion,
      String refKind, String refName, String refUid) {
    static Key of(String name, String namespace, TokenRequest tr) {
      var spec = tr.getSpec();
      List<String> audiences = spec == null || spec.getAudiences() == null ? null : List.copyOf(spec.getAudiences());
      long exp = spec == null || spec.getExpirationSeconds() == null ? 0 : spec.getExpirationSeconds();
      BoundObjectReference ref = spec == null || spec.getBoundObjectRef() == null ? new BoundObjectReference()
          : spec.getBoundObjectRef();
      return new Key(name, namespace, audiences, exp, ref.getApiVersion(), ref.getKind(), ref.getName(),
          ref.getUid());
    }

    @Override
    public String toString() {
      String auds = audiences == null ? "[]string(nil)" : audiences.stream().map(a -> "\"" + a + "\"")
          .collect(Collectors.joining(", ", "[]string{", "}"));
      return "\"" + name + "\"/\"" + namespace + "\"/" + auds + "/" + expirationSeconds
          + "/v1.BoundObjectReference{Kind:\"" + nz(refKind) + "\", APIVersion:\"" + nz(refApiVersion) + "\", Name:\""
          + nz(refName) + "\", UID:\"" + nz(refUid) + "\"}";
    }

    private static String nz(String s) {
      return s == null ? "" : s;
    }
  }
}
