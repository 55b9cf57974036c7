package dev.klite.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Writes each control-plane component's log to its own file under {@code <dataDir>/logs}, as a
 * kubeadm node keeps them, so the kubelet's mirror pods can serve them to
 * {@code kubectl logs -n kube-system -l component=kube-controller-manager}.
 *
 * <p>Only when logback is the SLF4J binding (the {@code klite} command); an embedding JVM with
 * another binding keeps its own logging and gets no component files.
 */
public final class ComponentLogs implements AutoCloseable {

  /** component name -> the logger (package) whose events make up its log. */
  public static final Map<String, String> COMPONENTS = orderedComponents();

  private final List<Attached> attached;
  private final Map<String, Path> files;

  private record Attached(Logger logger, FileAppender<ILoggingEvent> appender) {}

  private ComponentLogs(List<Attached> attached, Map<String, Path> files) {
    this.attached = attached;
    this.files = files;
  }

  private static Map<String, String> orderedComponents() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kube-apiserver", "dev.klite.apiserver");
    m.put("kube-controller-manager", "dev.klite.controller");
    m.put("kube-scheduler", "dev.klite.controller.scheduler");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Starts the files; returns an instance with no files when logback is not in use. */
  public static ComponentLogs start(Path logDir) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return new ComponentLogs(List.of(), Map.of());
    }
    List<Attached> attached = new ArrayList<>();
    Map<String, Path> files = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : COMPONENTS.entrySet()) {
      Path file = logDir.resolve(e.getKey() + ".log");
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      // klog's header shape (severity letter, date, time, thread, file) so the lines read like upstream's.
      encoder.setPattern("%.-1level%d{MMdd HH:mm:ss.SSSSSS} %thread %logger{0}] %msg%n");
      encoder.start();
      FileAppender<ILoggingEvent> appender = new FileAppender<>();
      appender.setContext(context);
      appender.setName("component-" + e.getKey() + "-" + System.identityHashCode(files));
      appender.setFile(file.toString());
      appender.setAppend(true);
      appender.setEncoder(encoder);
      appender.start();
      Logger logger = context.getLogger(e.getValue());
      logger.addAppender(appender);
      attached.add(new Attached(logger, appender));
      files.put(e.getKey(), file);
    }
    return new ComponentLogs(attached, files);
  }

  /** component name -> log file; empty when logback is not the binding. */
  public Map<String, Path> files() {
    return files;
  }

  @Override
  public void close() {
    for (Attached a : attached) {
      a.logger().detachAppender(a.appender());
      a.appender().stop();
    }
  }
}
