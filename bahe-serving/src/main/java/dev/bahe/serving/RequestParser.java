package dev.bahe.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import dev.bahe.api.data.Behavior;
import dev.bahe.api.data.BehaviorType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns request bodies into validated {@link ScoreQuery} and {@link EventBatch} values. Every refusal is a
 * {@link BadRequestException} naming the JSON path of the field and the problem; unknown fields are refused too,
 * so a misspelt field is never silently ignored.
 *
 * <p>Score request: {@code {"userId": "u1", "behaviors": [{"type", "text", "timestamp"}], "candidates":
 * [{"itemId": "i1"} | {"title": "..."}], "time": 1700000000}} with {@code userId}, {@code behaviors} or both.
 * Events request: {@code {"userId": "u1", "behaviors": [...]}}.
 */
public final class RequestParser {

  private static final Set<String> SCORE_FIELDS = Set.of("userId", "behaviors", "candidates", "time");
  private static final Set<String> EVENT_FIELDS = Set.of("userId", "behaviors");
  private static final Set<String> BEHAVIOR_FIELDS = Set.of("type", "text", "timestamp");
  private static final Set<String> CANDIDATE_FIELDS = Set.of("itemId", "title");

  private final ObjectMapper json;
  private final ServingOptions options;

  public RequestParser(ObjectMapper json, ServingOptions options) {
    this.json = json;
    this.options = options;
  }

  /** A score request; behaviour types must be among {@code types}. */
  public ScoreQuery score(byte[] body, List<BehaviorType> types) {
    JsonNode root = object(body);
    unknownFields(root, "$", SCORE_FIELDS);
    String userId = root.has("userId") ? text(root.get("userId"), "$.userId", 1_000) : null;
    List<Behavior> behaviors = root.has("behaviors") ? behaviors(root.get("behaviors"), types, false)
        : List.of();
    if (userId == null && !root.has("behaviors")) {
      throw BadRequestException.invalid("$", "needs a userId, inline behaviors, or both");
    }
    long time = integer(required(root, "time", "$"), "$.time");
    JsonNode list = required(root, "candidates", "$");
    if (!list.isArray()) {
      throw BadRequestException.invalid("$.candidates", "must be an array, was " + describe(list));
    }
    if (list.isEmpty()) {
      throw BadRequestException.invalid("$.candidates", "must hold at least one candidate");
    }
    if (list.size() > options.maxCandidates()) {
      throw BadRequestException.invalid("$.candidates", "holds " + list.size() + " candidates; at most "
          + options.maxCandidates() + " per request");
    }
    List<Candidate> candidates = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      candidates.add(candidate(list.get(i), "$.candidates[" + i + "]"));
    }
    return new ScoreQuery(userId, behaviors, candidates, time);
  }

  /** An events request; behaviour types must be among {@code types}. */
  public EventBatch events(byte[] body, List<BehaviorType> types) {
    JsonNode root = object(body);
    unknownFields(root, "$", EVENT_FIELDS);
    String userId = text(required(root, "userId", "$"), "$.userId", 1_000);
    return new EventBatch(userId, behaviors(required(root, "behaviors", "$"), types, true));
  }

  private JsonNode object(byte[] body) {
    if (body.length == 0) {
      throw BadRequestException.invalid("$", "the request body is empty; expected a JSON object");
    }
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw BadRequestException.invalid("$", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw BadRequestException.invalid("$", "unreadable body: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw BadRequestException.invalid("$", "the request body is empty; expected a JSON object");
    }
    if (!root.isObject()) {
      throw BadRequestException.invalid("$", "must be a JSON object, was " + describe(root));
    }
    return root;
  }

  private List<Behavior> behaviors(JsonNode list, List<BehaviorType> types, boolean nonEmpty) {
    if (!list.isArray()) {
      throw BadRequestException.invalid("$.behaviors", "must be an array, was " + describe(list));
    }
    if (nonEmpty && list.isEmpty()) {
      throw BadRequestException.invalid("$.behaviors", "must hold at least one behaviour");
    }
    if (list.size() > options.maxBehaviors()) {
      throw BadRequestException.invalid("$.behaviors", "holds " + list.size() + " behaviours; at most "
          + options.maxBehaviors() + " per request");
    }
    List<Behavior> out = new ArrayList<>(list.size());
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < list.size(); i++) {
      String path = "$.behaviors[" + i + "]";
      JsonNode b = list.get(i);
      if (!b.isObject()) {
        throw BadRequestException.invalid(path, "must be an object {type, text, timestamp}, was " + describe(b));
      }
      unknownFields(b, path, BEHAVIOR_FIELDS);
      String typeName = text(required(b, "type", path), path + ".type", 200);
      BehaviorType type = BehaviorType.of(typeName);
      if (!types.contains(type)) {
        throw BadRequestException.invalid(path + ".type", "unknown behaviour type '" + typeName + "'; the model"
            + " knows " + new TreeSet<>(types.stream().map(BehaviorType::name).toList()));
      }
      String text = text(required(b, "text", path), path + ".text", options.maxTextChars());
      long timestamp = integer(required(b, "timestamp", path), path + ".timestamp");
      if (timestamp < previous) {
        throw BadRequestException.invalid(path + ".timestamp", "timestamp " + timestamp + " is before the previous"
            + " behaviour's " + previous + "; behaviours must be in time order");
      }
      previous = timestamp;
      out.add(new Behavior(type, timestamp, text));
    }
    return out;
  }

  private Candidate candidate(JsonNode c, String path) {
    if (!c.isObject()) {
      throw BadRequestException.invalid(path, "must be an object {itemId} or {title}, was " + describe(c));
    }
    unknownFields(c, path, CANDIDATE_FIELDS);
    boolean id = c.has("itemId");
    boolean title = c.has("title");
    if (id == title) {
      throw BadRequestException.invalid(path, id ? "has both itemId and title; give one"
          : "needs an itemId or a title");
    }
    return id ? Candidate.item(text(c.get("itemId"), path + ".itemId", 1_000))
        : Candidate.titled(text(c.get("title"), path + ".title", options.maxTextChars()));
  }

  private static JsonNode required(JsonNode parent, String field, String path) {
    JsonNode v = parent.get(field);
    if (v == null) {
      throw BadRequestException.invalid(path + "." + field, "is required");
    }
    return v;
  }

  private static String text(JsonNode v, String path, int maxChars) {
    if (!v.isTextual()) {
      throw BadRequestException.invalid(path, "must be a string, was " + describe(v));
    }
    String s = v.textValue();
    if (s.isBlank()) {
      throw BadRequestException.invalid(path, "must not be empty or blank");
    }
    if (s.length() > maxChars) {
      throw BadRequestException.invalid(path, "has " + s.length() + " characters; at most " + maxChars);
    }
    return s;
  }

  private static long integer(JsonNode v, String path) {
    if (!v.isIntegralNumber()) {
      throw BadRequestException.invalid(path, "must be an integer, was " + describe(v));
    }
    if (!v.canConvertToLong()) {
      throw BadRequestException.invalid(path, "is out of the 64-bit integer range");
    }
    return v.longValue();
  }

  private static void unknownFields(JsonNode object, String path, Set<String> known) {
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw BadRequestException.invalid(path + "." + name, "unknown field; known: " + new TreeSet<>(known));
      }
    }
  }

  private static String describe(JsonNode v) {
    JsonNodeType t = v.getNodeType();
    return switch (t) {
      case STRING -> "a string";
      case NUMBER -> v.isIntegralNumber() ? "an integer" : "a number with a fraction";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> t.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
