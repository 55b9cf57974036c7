package dev.klite.apiserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Request metrics named as kube-apiserver names them (apiserver_request_total{verb,resource,code}
 * and apiserver_request_duration_seconds{verb,resource}), served as Prometheus text on /metrics.
 * Handlers put the verb and resource into the routing context under {@link #VERB}/{@link #RESOURCE}.
 */
public final class ApiMetrics {
  public static final String VERB = "klite.verb";
  public static final String RESOURCE = "klite.resource";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** First handler of the router: records every request when its response ends. */
  public Handler<RoutingContext> recorder() {
    return ctx -> {
      long start = System.nanoTime();
      ctx.addEndHandler(v -> {
        String verb = ctx.get(VERB, ctx.request().method().name());
        String resource = ctx.get(RESOURCE, "");
        String code = Integer.toString(ctx.response().getStatusCode());
        Counter.builder("apiserver.request").description("Counter of apiserver requests")
            .tags("verb", verb, "resource", resource, "code", code).register(registry).increment();
        if (!"WATCH".equals(verb)) {
          Timer.builder("apiserver.request.duration").description("Response latency distribution in seconds")
              .tags("verb", verb, "resource", resource).register(registry)
              .record(Duration.ofNanos(System.nanoTime() - start));
        }
      });
      ctx.next();
    };
  }

  /**
   * Counts a watcher ended for not keeping up, as the cacher counts them
   * (staging/src/k8s.io/apiserver/pkg/storage/cacher/metrics/metrics.go terminated_watchers_total).
   */
  public void watcherTerminated(String resource) {
    Counter.builder("apiserver.terminated.watchers").description("Counter of watchers closed due to unresponsiveness")
        .tags("resource", resource).register(registry).increment();
  }

  /** GET /metrics. */
  public Handler<RoutingContext> scrape() {
    return ctx -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }
}
