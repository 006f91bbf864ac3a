package dev.bahe.serving;

/**
 * One candidate of a score request: a catalogue item by id, or an inline title (an item the catalogue does not
 * hold). Exactly one of the two is set.
 *
 * @param itemId the catalogue id, or null
 * @param title the inline title, or null
 */
public record Candidate(String itemId, String title) {

  public Candidate {
    if ((itemId == null) == (title == null)) {
      throw new IllegalArgumentException("a candidate has exactly one of itemId and title");
    }
  }

  public static Candidate item(String itemId) {
    return new Candidate(itemId, null);
  }

  public static Candidate titled(String title) {
    return new Candidate(null, title);
  }
}
