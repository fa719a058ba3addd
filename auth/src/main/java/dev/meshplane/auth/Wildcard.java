package dev.meshplane.auth;

import java.util.regex.Pattern;

/** An IAM pattern: {@code *} matches any run of characters, {@code ?} exactly one. */
record Wildcard(String pattern, Pattern compiled) {

  static Wildcard caseSensitive(String pattern) {
    return new Wildcard(pattern, Pattern.compile(regex(pattern), Pattern.DOTALL));
  }

  /** IAM action names are case-insensitive ({@code appmesh:describemesh} names DescribeMesh). */
  static Wildcard caseInsensitive(String pattern) {
    return new Wildcard(pattern, Pattern.compile(regex(pattern), Pattern.DOTALL | Pattern.CASE_INSENSITIVE));
  }

  boolean matches(String value) {
    return compiled.matcher(value).matches();
  }

  private static String regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return regex.toString();
  }
}
