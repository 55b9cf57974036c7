package dev.klite.apiserver.resources.common;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Syntax checks for names, label keys and label values. Each method returns upstream's error
 * strings (empty when valid), worded exactly as
 * staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go renders them.
 */
public final class NameRules {
  private NameRules() {}

  static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
  static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";

  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);

  private static final String QUALIFIED_NAME_MSG =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

  /** "must be no more than N characters". */
  public static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  /** Upstream RegexError: {@code msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')}. */
  public static String regexError(String msg, String fmt, String... examples) {
    if (examples.length == 0) return msg + " (regex used for validation is '" + fmt + "')";
    StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) sb.append(" or ");
      sb.append('\'').append(examples[i]).append("', ");
    }
    return sb.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  public static List<String> dns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(maxLen(63));
    if (!DNS1123_LABEL.matcher(value).matches()) {
      if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
        errs.add("must not contain dots");
      } else {
        errs.add(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
            + "and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, "my-name", "123-abc"));
      }
    }
    return errs;
  }

  public static List<String> dns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 253) errs.add(maxLen(253));
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
          + "and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /** Services use DNS-1035 labels (pkg/apis/core/validation ValidateServiceName). */
  public static List<String> dns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(maxLen(63));
    if (!DNS1035_LABEL.matcher(value).matches()) {
      errs.add(regexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
          + "start with an alphabetic character, and end with an alphanumeric character",
          DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /** A label or annotation key: an optional DNS subdomain prefix, '/', and a name part. */
  public static List<String> qualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    if (parts.length == 1) {
      name = parts[0];
    } else if (parts.length == 2) {
      String prefix = parts[0];
      name = parts[1];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        for (String e : dns1123Subdomain(prefix)) errs.add("prefix part " + e);
      }
    } else {
      errs.add("a qualified name " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
          + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (name.length() > 63) {
      errs.add("name part " + maxLen(63));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part " + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  public static List<String> labelValue(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > 63) errs.add(maxLen(63));
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
          + "and must start and end with an alphanumeric character", LABEL_VALUE_FMT, "MyValue", "my_value", "12345"));
    }
    return errs;
  }
}
