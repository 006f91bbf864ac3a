package dev.bahe.examples.data;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import dev.bahe.api.data.Dataset;
import dev.bahe.api.data.Impression;
import dev.bahe.api.data.Item;
import dev.bahe.api.data.UserHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Dataset} in the canonical layout ({@link TabularFormat}) so that it loads back unchanged:
 * items sorted by id, behaviours grouped by user (sorted ids), then by type, in time order, impressions in
 * dataset order. TSV has no quoting, so a text containing a tab or a line break is refused with an error naming
 * it. Existing files are replaced.
 */
public final class TabularDatasetWriter {

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);

  private TabularDatasetWriter() {}

  /** Writes {@code dataset} into {@code dir} (created if needed) and returns the three files written. */
  public static List<Path> write(Dataset dataset, Path dir, TabularFormat format) {
    try {
      Files.createDirectories(dir);
      Path items = format.itemsFile(dir);
      Path behaviors = format.behaviorsFile(dir);
      Path impressions = format.impressionsFile(dir);
      try (Writer w = Files.newBufferedWriter(items, StandardCharsets.UTF_8)) {
        TableWriter t = new TableWriter(format, w, List.of("item_id", "text"));
        List<String> itemIds = new ArrayList<>(dataset.items().keySet());
        itemIds.sort(null);
        for (String id : itemIds) {
          Item item = dataset.items().get(id);
          t.row(item.itemId(), item.text());
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(behaviors, StandardCharsets.UTF_8)) {
        TableWriter t = new TableWriter(format, w, List.of("user_id", "type", "timestamp", "text"));
        List<String> users = new ArrayList<>(dataset.histories().keySet());
        users.sort(null);
        for (String user : users) {
          UserHistory history = dataset.histories().get(user);
          for (BehaviorType type : history.types()) {
            for (Behavior b : history.all(type)) {
              t.row(user, type.name(), b.timestamp(), b.text());
            }
          }
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(impressions, StandardCharsets.UTF_8)) {
        TableWriter t = new TableWriter(format, w, List.of("user_id", "item_id", "timestamp", "label"));
        for (Impression imp : dataset.impressions()) {
          t.row(imp.userId(), imp.itemId(), imp.timestamp(), imp.label());
        }
      }
      return List.of(items, behaviors, impressions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dataset to " + dir, e);
    }
  }

  /** Writes rows of strings and integers as TSV or JSON Lines. */
  private static final class TableWriter {
    private final TabularFormat format;
    private final Writer out;
    private final List<String> fields;

    TableWriter(TabularFormat format, Writer out, List<String> fields) throws IOException {
      this.format = format;
      this.out = out;
      this.fields = fields;
      if (format == TabularFormat.TSV) {
        out.write(String.join("\t", fields));
        out.write('\n');
      }
    }

    void row(Object... values) throws IOException {
      if (format == TabularFormat.TSV) {
        for (int i = 0; i < values.length; i++) {
          String v = String.valueOf(values[i]);
          if (v.indexOf('\t') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("cannot write field '" + fields.get(i) + "' as TSV: it contains a"
                + " tab or line break: '" + v + "'");
          }
          if (i > 0) {
            out.write('\t');
          }
          out.write(v);
        }
      } else {
        var node = MAPPER.createObjectNode();
        for (int i = 0; i < values.length; i++) {
          Object v = values[i];
          if (v instanceof Long l) {
            node.put(fields.get(i), l);
          } else if (v instanceof Integer n) {
            node.put(fields.get(i), n);
          } else {
            node.put(fields.get(i), String.valueOf(v));
          }
        }
        out.write(MAPPER.writeValueAsString(node));
      }
      out.write('\n');
    }
  }
}
