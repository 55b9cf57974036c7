package dev.klite.conformance.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The upstream conformance specs in klite's scope ({@code src/test/resources/conformance/specs.txt},
 * written from upstream's {@code test/conformance/testdata/conformance.yaml}), grouped as in the
 * scope document. A line is {@code codename | release | summary | n/a reason (optional)}; lines
 * starting with {@code ## } open a group.
 */
public final class SpecList {
  public static final String RESOURCE = "/conformance/specs.txt";

  /** One in-scope spec; {@code notApplicable} says why klite does not aim to pass it, if so. */
  public record Spec(String group, String codename, String release, String summary, Optional<String> notApplicable) {}

  private SpecList() {}

  public static List<Spec> load() {
    try (InputStream in = SpecList.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test classpath");
      List<Spec> specs = new ArrayList<>();
      String group = "";
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("# ")) continue;
        if (line.startsWith("## ")) {
          group = line.substring(3).trim();
          continue;
        }
        String[] f = line.split("\\|", -1);
        if (f.length < 3) throw new IllegalStateException("bad line in " + RESOURCE + ": " + line);
        String na = f.length > 3 ? f[3].trim() : "";
        specs.add(new Spec(group, f[0].trim(), f[1].trim(), f[2].trim(), na.isEmpty() ? Optional.empty() : Optional.of(na)));
      }
      return List.copyOf(specs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The test method name a codename maps to: its words after the {@code [sig-...]} tag, bracketed
   * tags dropped, in lower camel case ({@code "[sig-apps] Job should delete a job"} ->
   * {@code jobShouldDeleteAJob}).
   */
  public static String methodNameFor(String codename) {
    String text = codename.replaceAll("\\[[^]]*]", " ");
    StringBuilder sb = new StringBuilder();
    for (String word : text.split("[^A-Za-z0-9]+")) {
      if (word.isEmpty()) continue;
      String lower = word.toLowerCase(Locale.ROOT);
      if (sb.length() == 0) {
        sb.append(Character.isDigit(lower.charAt(0)) ? "_" + lower : lower);
      } else {
        sb.append(Character.toUpperCase(lower.charAt(0))).append(lower.substring(1));
      }
    }
    return sb.toString();
  }
}
