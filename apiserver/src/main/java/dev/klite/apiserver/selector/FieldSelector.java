package dev.klite.apiserver.selector;

import dev.klite.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed field selector as staging/src/k8s.io/apimachinery/pkg/fields/selector.go:
 * comma-separated terms {@code field=value}, {@code field==value}, {@code field!=value}; values may
 * be empty; a backslash escapes {@code ,}, {@code =} and {@code \}. Which fields exist is checked
 * by {@link #validate(Set)} (unknown -> 400 {@code field label not supported: X}).
 */
public final class FieldSelector {
  /** One term. */
  public record Term(String field, boolean equals, String value) {}

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  public static FieldSelector everything() {
    return EVERYTHING;
  }

  public List<Term> terms() {
    return terms;
  }

  public boolean isEmpty() {
    return terms.isEmpty();
  }

  /** The value of an equality term on {@code field}, if any (used to narrow a range read). */
  public Optional<String> requiredValue(String field) {
    for (Term t : terms) {
      if (t.equals() && t.field().equals(field)) return Optional.of(t.value());
    }
    return Optional.empty();
  }

  /** Throws 400 {@code field label not supported: X} for a field not in {@code supported}. */
  public FieldSelector validate(Set<String> supported) {
    for (Term t : terms) {
      if (!supported.contains(t.field())) {
        throw ApiException.badRequest("field label not supported: " + t.field());
      }
    }
    return this;
  }

  /** Whether the object's field values, read through {@code values}, satisfy every term. */
  public boolean matches(java.util.function.Function<String, String> values) {
    for (Term t : terms) {
      String actual = values.apply(t.field());
      if (actual == null) actual = "";
      if (actual.equals(t.value()) != t.equals()) return false;
    }
    return true;
  }

  /**
   * Parses a selector string.
   *
   * @throws ApiException 400 on a term without operator
   */
  public static FieldSelector parse(String text) {
    if (text == null || text.isBlank()) return EVERYTHING;
    List<Term> terms = new ArrayList<>();
    for (String part : splitTerms(text)) {
      if (part.isEmpty()) continue;
      terms.add(term(part, text));
    }
    return new FieldSelector(terms);
  }

  private static Term term(String part, String whole) {
    int i = indexOfUnescaped(part, "!=");
    if (i >= 0) return new Term(unescape(part.substring(0, i)).trim(), false, unescape(part.substring(i + 2)));
    i = indexOfUnescaped(part, "==");
    if (i >= 0) return new Term(unescape(part.substring(0, i)).trim(), true, unescape(part.substring(i + 2)));
    i = indexOfUnescaped(part, "=");
    if (i >= 0) return new Term(unescape(part.substring(0, i)).trim(), true, unescape(part.substring(i + 1)));
    throw ApiException.badRequest("invalid selector: '" + whole + "'; can't understand '" + part + "'");
  }

  private static List<String> splitTerms(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        cur.append(c).append(s.charAt(++i));
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static int indexOfUnescaped(String s, String op) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
      b.append(c);
    }
    return b.toString();
  }
}
