package dev.klite.apiserver.selector;

import dev.klite.apiserver.errors.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed label selector, equality- and set-based, as
 * staging/src/k8s.io/apimachinery/pkg/labels/selector.go: {@code k=v}, {@code k==v},
 * {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}, {@code k>1},
 * {@code k<1}; comma means AND. An empty selector matches everything.
 */
public final class LabelSelector {
  /** One operator of a requirement. */
  public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER_THAN, LESS_THAN }

  /** One requirement: all of them must hold. */
  public record Requirement(String key, Operator operator, Set<String> values) {
    public Requirement {
      values = Set.copyOf(values);
    }

    boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> v != null && values.contains(v);
        case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
        case EXISTS -> v != null;
        case DOES_NOT_EXIST -> v == null;
        case GREATER_THAN, LESS_THAN -> compare(v);
      };
    }

    private boolean compare(String v) {
      if (v == null) return false;
      try {
        long actual = Long.parseLong(v);
        long bound = Long.parseLong(values.iterator().next());
        return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }

  private static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  public static LabelSelector everything() {
    return EVERYTHING;
  }

  public List<Requirement> requirements() {
    return requirements;
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement r : requirements) {
      if (!r.matches(labels)) return false;
    }
    return true;
  }

  /**
   * Parses a selector string.
   *
   * @throws ApiException 400 BadRequest with an upstream-like parser message on bad syntax
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) return EVERYTHING;
    return new LabelSelector(new Parser(text).parse());
  }

  /** Recursive-descent parser over a tiny lexer, in the shape of upstream's labels.Parser. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    List<Requirement> parse() {
      List<Requirement> out = new ArrayList<>();
      while (true) {
        out.add(requirement());
        skipSpace();
        if (pos >= s.length()) return out;
        if (s.charAt(pos) != ',') throw error("found '" + peekToken() + "', expected: ',' or 'end of string'");
        pos++;
      }
    }

    private Requirement requirement() {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == '!') {
        pos++;
        String key = identifier("identifier");
        return new Requirement(validKey(key), Operator.DOES_NOT_EXIST, Set.of());
      }
      String key = validKey(identifier("identifier"));
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) == ',') {
        return new Requirement(key, Operator.EXISTS, Set.of());
      }
      if (s.startsWith("==", pos)) {
        pos += 2;
        return new Requirement(key, Operator.EQUALS, Set.of(value()));
      }
      if (s.startsWith("!=", pos)) {
        pos += 2;
        return new Requirement(key, Operator.NOT_EQUALS, Set.of(value()));
      }
      char c = s.charAt(pos);
      if (c == '=') {
        pos++;
        return new Requirement(key, Operator.EQUALS, Set.of(value()));
      }
      if (c == '>' || c == '<') {
        pos++;
        String v = value();
        try {
          Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw error("for 'Gt', 'Lt' operators, the value must be an integer");
        }
        return new Requirement(key, c == '>' ? Operator.GREATER_THAN : Operator.LESS_THAN, Set.of(v));
      }
      String word = peekToken();
      if (word.equals("in") || word.equals("notin")) {
        pos += word.length();
        Set<String> values = valueSet();
        return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, values);
      }
      throw error("found '" + word + "', expected: in, notin, =, ==, !=, gt, lt");
    }

    private Set<String> valueSet() {
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) != '(') {
        throw error("found '" + peekToken() + "', expected: '('");
      }
      pos++;
      Set<String> values = new LinkedHashSet<>();
      while (true) {
        skipSpace();
        values.add(pos < s.length() && (s.charAt(pos) == ',' || s.charAt(pos) == ')') ? "" : rawIdentifier());
        skipSpace();
        if (pos >= s.length()) throw error("found 'end of string', expected: ',', ')'");
        char c = s.charAt(pos++);
        if (c == ')') return values;
        if (c != ',') throw error("found '" + c + "', expected: ',' or ')'");
      }
    }

    private String value() {
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) == ',') return "";
      return rawIdentifier();
    }

    private String identifier(String expected) {
      skipSpace();
      if (pos >= s.length()) throw error("found 'end of string', expected: " + expected);
      String id = rawIdentifier();
      if (id.isEmpty()) throw error("found '" + s.charAt(pos) + "', expected: " + expected);
      return id;
    }

    private String rawIdentifier() {
      int start = pos;
      while (pos < s.length() && !isSpecial(s.charAt(pos))) pos++;
      return s.substring(start, pos);
    }

    private String peekToken() {
      skipSpace();
      if (pos >= s.length()) return "end of string";
      int save = pos;
      String t = rawIdentifier();
      pos = save;
      return t.isEmpty() ? String.valueOf(s.charAt(pos)) : t;
    }

    private void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
    }

    private static boolean isSpecial(char c) {
      return Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '=' || c == '!'
          || c == '<' || c == '>';
    }

    private String validKey(String key) {
      int slash = key.indexOf('/');
      String name = slash < 0 ? key : key.substring(slash + 1);
      if (name.isEmpty() || name.length() > 63 || !name.matches("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")) {
        throw ApiException.badRequest("unable to parse requirement: key: Invalid value: \"" + key
            + "\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
            + " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
            + " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
      }
      return key;
    }

    private ApiException error(String detail) {
      return ApiException.badRequest("unable to parse requirement: " + detail);
    }
  }
}
