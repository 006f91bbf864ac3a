package dev.bahe.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable, append-only log of the behaviours posted to {@code /v1/events}: one JSON line per behaviour
 * ({@code {"userId", "type", "timestamp", "text"}}). {@link #append} returns only after the lines are written and
 * forced to the device, so every acknowledged event survives a crash; {@link #open} replays the log. A crash in the
 * middle of a write leaves at most one torn last line, never acknowledged: it is cut off on open (and reported),
 * while a malformed line anywhere else is corruption and refused, naming the file and line.
 */
public final class EventLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

  /** One logged behaviour of a user. */
  public record Event(String userId, Behavior behavior) {}

  /**
   * What {@link #open} read back.
   *
   * @param events the logged events, in log order
   * @param tornTailBytes bytes of an unfinished last line that were cut off (0 normally)
   */
  public record Replay(List<Event> events, long tornTailBytes) {}

  private final Path file;
  private final FileChannel channel;
  private final ObjectMapper json;
  private long appended;

  private EventLog(Path file, FileChannel channel, ObjectMapper json) {
    this.file = file;
    this.channel = channel;
    this.json = json;
  }

  /** Opens (creating if absent) the log in {@code file}; {@code replay} receives what it holds. */
  public static EventLog open(Path file, ObjectMapper json, java.util.function.Consumer<Replay> replay) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      try {
        Replay r = read(file, channel, json);
        replay.accept(r);
        channel.position(channel.size());
        return new EventLog(file, channel, json);
      } catch (RuntimeException | IOException e) {
        channel.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event log " + file, e);
    }
  }

  private static Replay read(Path file, FileChannel channel, ObjectMapper json) throws IOException {
    byte[] all = Files.readAllBytes(file);
    List<Event> events = new ArrayList<>();
    int start = 0;
    int line = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] != '\n') {
        continue;
      }
      line++;
      String text = new String(all, start, i - start, StandardCharsets.UTF_8);
      events.add(parse(text, file, line, json));
      start = i + 1;
    }
    long torn = all.length - start;
    if (torn > 0) {
      LOG.warn("{}: cut off an unfinished last line of {} bytes (a write interrupted before it was acknowledged)",
          file, torn);
      channel.truncate(start);
      channel.force(true);
    }
    return new Replay(events, torn);
  }

  private static Event parse(String text, Path file, int line, ObjectMapper json) {
    try {
      JsonNode n = json.readTree(text);
      String user = n.path("userId").textValue();
      String type = n.path("type").textValue();
      JsonNode ts = n.get("timestamp");
      String behaviour = n.path("text").textValue();
      if (user == null || type == null || ts == null || !ts.isIntegralNumber() || behaviour == null) {
        throw new IllegalArgumentException("missing or wrong-typed field");
      }
      return new Event(user, new Behavior(BehaviorType.of(type), ts.longValue(), behaviour));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("the event log " + file + " is corrupt at line " + line + ": "
          + e.getMessage());
    }
  }

  /** Appends the behaviours of a user and forces them to the device before returning. */
  public synchronized void append(String userId, List<Behavior> behaviors) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      for (Behavior b : behaviors) {
        ObjectNode n = json.createObjectNode();
        n.put("userId", userId);
        n.put("type", b.type().name());
        n.put("timestamp", b.timestamp());
        n.put("text", b.text());
        bytes.write(json.writeValueAsBytes(n));
        bytes.write('\n');
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(false);
      appended += behaviors.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the event log " + file, e);
    }
  }

  /** Events appended since open. */
  public synchronized long appended() {
    return appended;
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() {
    try {
      if (channel.isOpen()) {
        channel.force(true);
        channel.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the event log " + file, e);
    }
  }
}
