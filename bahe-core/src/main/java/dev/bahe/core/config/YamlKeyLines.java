package dev.bahe.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 1-based line of every dotted key of a YAML document ({@code training.batchSize} → 12), so that an error
 * found after the document became a tree can still name the line it came from. Built by streaming the text
 * once; a syntax error stops the scan, keeping the keys before it.
 */
final class YamlKeyLines {

  private final Map<String, Integer> lines;

  private YamlKeyLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /** Scans {@code text}; never throws, a document that does not parse yields the keys read before the error. */
  static YamlKeyLines scan(JsonFactory yaml, String text) {
    Map<String, Integer> lines = new LinkedHashMap<>();
    Deque<String> path = new ArrayDeque<>();
    try (JsonParser parser = yaml.createParser(text)) {
      String pendingKey = null;
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case FIELD_NAME -> {
            pendingKey = parser.currentName();
            String key = path.isEmpty() ? pendingKey : path.peekLast() + "." + pendingKey;
            JsonLocation at = parser.currentTokenLocation();
            lines.putIfAbsent(key, at == null ? 0 : at.getLineNr());
          }
          case START_OBJECT -> {
            if (pendingKey != null || !path.isEmpty()) {
              String parent = path.isEmpty() ? "" : path.peekLast();
              String key = pendingKey == null ? parent : parent.isEmpty() ? pendingKey : parent + "." + pendingKey;
              path.addLast(key);
            } else {
              path.addLast("");
            }
            pendingKey = null;
          }
          case END_OBJECT -> {
            if (!path.isEmpty()) {
              path.removeLast();
            }
          }
          case START_ARRAY -> {
            // elements of a sequence have no keys of their own; skip it whole
            parser.skipChildren();
            pendingKey = null;
          }
          default -> pendingKey = null;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the same error is reported by the real parse; the keys before it are still useful
    }
    // the top-level mapping pushes "" as its path; strip the leading dot that would give
    Map<String, Integer> clean = new LinkedHashMap<>();
    lines.forEach((k, v) -> clean.put(k.startsWith(".") ? k.substring(1) : k, v));
    return new YamlKeyLines(clean);
  }

  /** The line of {@code key}, or of its nearest ancestor present in the document; 0 when neither is. */
  int lineOf(String key) {
    String k = key;
    while (!k.isEmpty()) {
      Integer line = lines.get(k);
      if (line != null && line > 0) {
        return line;
      }
      int dot = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
      k = dot < 0 ? "" : k.substring(0, dot);
    }
    return 0;
  }

  /**
   * The first dotted key of the document below {@code parent} (any, when it is empty) that {@code text} mentions,
   * e.g. in a message of a check across keys; null when none is.
   */
  String firstKeyMentionedIn(String text, String parent) {
    if (text == null) {
      return null;
    }
    for (String key : lines.keySet()) {
      if (key.contains(".") && (parent.isEmpty() || key.startsWith(parent + ".")) && text.contains(key)) {
        return key;
      }
    }
    return null;
  }

  /** The last key that starts at or before {@code line}, e.g. the one a syntax error follows; null when none. */
  String lastKeyAtOrBefore(int line) {
    String found = null;
    int best = -1;
    for (Map.Entry<String, Integer> e : lines.entrySet()) {
      if (e.getValue() <= line && e.getValue() >= best) {
        best = e.getValue();
        found = e.getKey();
      }
    }
    return found;
  }
}
