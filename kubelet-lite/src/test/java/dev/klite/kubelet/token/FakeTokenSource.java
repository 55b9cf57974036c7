package dev.klite.kubelet.token;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issues tokens {@code token-1}, {@code token-2}, ... valid for the requested lifetime from the given clock's now, or
 * fails with {@link #failWith}'s message while it is set. Records every request.
 */
public final class FakeTokenSource implements TokenSource {
  private final Clock clock;
  private final AtomicInteger issued = new AtomicInteger();
  public final AtomicReference<String> failWith = new AtomicReference<>();
  public final List<String> requests = new CopyOnWriteArrayList<>();

  public FakeTokenSource(Clock clock) {
    this.clock = clock;
  }

  @Override
  public TokenRequest request(String namespace, String serviceAccount, TokenRequest request) throws TokenException {
    requests.add(namespace + "/" + serviceAccount);
    String failure = failWith.get();
    if (failure != null) {
      throw new TokenException(failure);
    }
    long seconds = request.getSpec().getExpirationSeconds();
    return new TokenRequestBuilder(request).withNewStatus().withToken("token-" + issued.incrementAndGet())
        .withExpirationTimestamp(clock.instant().plusSeconds(seconds).toString()).endStatus().build();
  }

  public int issued() {
    return issued.get();
  }
}
