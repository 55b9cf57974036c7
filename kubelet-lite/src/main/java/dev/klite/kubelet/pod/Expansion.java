package dev.klite.kubelet.pod;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} expansion for command, args and env values, with the rules of
 * {@code third_party/forked/golang/expansion/expand.go}: {@code $(NAME)} is replaced when NAME is defined and left
 * as written otherwise; {@code $$} is an escaped {@code $}; a {@code $} followed by anything else, and an unclosed
 * {@code $(}, are kept literally.
 */
public final class Expansion {
  private Expansion() {}

  /** Expands {@code input} against {@code vars}. Pure. */
  public static String expand(String input, Map<String, String> vars) {
    StringBuilder out = new StringBuilder(input.length());
    int checkpoint = 0;
    for (int cursor = 0; cursor < input.length(); cursor++) {
      if (input.charAt(cursor) != '$' || cursor + 1 >= input.length()) {
        continue;
      }
      out.append(input, checkpoint, cursor);
      char next = input.charAt(cursor + 1);
      int advance;
      if (next == '$') {
        out.append('$');
        advance = 1;
      } else if (next == '(') {
        int close = input.indexOf(')', cursor + 2);
        if (close < 0) {
          out.append("$(");
          advance = 1;
        } else {
          String name = input.substring(cursor + 2, close);
          String value = vars.get(name);
          out.append(value != null ? value : "$(" + name + ")");
          advance = close - cursor;
        }
      } else {
        out.append('$').append(next);
        advance = 1;
      }
      cursor += advance;
      checkpoint = cursor + 1;
    }
    return out.append(input, Math.min(checkpoint, input.length()), input.length()).toString();
  }
}
