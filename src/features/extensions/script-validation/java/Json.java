import java.util.List;

/** Just enough JSON for the checker's protocol; the JDK has no JSON library and we add no jar. */
final class Json {
  private Json() {}

  static final class Request {
    long id;
    String script;
  }

  /** Parses {"id":<integer>,"script":"<string>"} in any key order; other keys are refused. */
  static Request parseRequest(String text) {
    Request r = new Request();
    int[] at = {skip(text, 0)};
    expect(text, at, '{');
    while (true) {
      at[0] = skip(text, at[0]);
      if (text.charAt(at[0]) == '}') break;
      String key = string(text, at);
      at[0] = skip(text, at[0]);
      expect(text, at, ':');
      at[0] = skip(text, at[0]);
      if (key.equals("id")) {
        int start = at[0];
        while (at[0] < text.length() && (Character.isDigit(text.charAt(at[0])) || text.charAt(at[0]) == '-')) at[0]++;
        r.id = Long.parseLong(text.substring(start, at[0]));
      } else if (key.equals("script")) {
        r.script = string(text, at);
      } else {
        throw new IllegalArgumentException("unexpected key " + key);
      }
      at[0] = skip(text, at[0]);
      if (text.charAt(at[0]) == ',') at[0]++;
    }
    if (r.script == null) throw new IllegalArgumentException("no script");
    return r;
  }

  private static int skip(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
    return i;
  }

  private static void expect(String s, int[] at, char c) {
    if (s.charAt(at[0]) != c) throw new IllegalArgumentException("expected " + c + " at " + at[0]);
    at[0]++;
  }

  private static String string(String s, int[] at) {
    expect(s, at, '"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(at[0]++);
      if (c == '"') return b.toString();
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(at[0]++);
      switch (e) {
        case 'n': b.append('\n'); break;
        case 'r': b.append('\r'); break;
        case 't': b.append('\t'); break;
        case 'b': b.append('\b'); break;
        case 'f': b.append('\f'); break;
        case 'u': b.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16)); at[0] += 4; break;
        default: b.append(e);
      }
    }
  }

  static String quote(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static String problems(List<GroovyScriptChecker.Problem> problems) {
    StringBuilder b = new StringBuilder("[");
    for (GroovyScriptChecker.Problem p : problems) {
      if (b.length() > 1) b.append(',');
      b.append("{\"line\":").append(p.line).append(",\"column\":").append(p.column)
          .append(",\"message\":").append(quote(p.message)).append(",\"type\":\"").append(p.type).append("\"}");
    }
    return b.append(']').toString();
  }
}
