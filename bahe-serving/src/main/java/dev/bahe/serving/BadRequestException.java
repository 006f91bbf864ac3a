package dev.bahe.serving;

/**
 * A request the service refuses: the HTTP status (4xx), the JSON path of the field at fault (e.g.
 * {@code $.candidates[3].itemId}, {@code $} for the body itself) and the problem in words. Becomes an
 * {@link ErrorBody}.
 */
public final class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;

  public BadRequestException(int status, String field, String problem) {
    super(problem, null, false, false);
    if (status < 400 || status > 499) {
      throw new IllegalArgumentException("a bad request is a 4xx, not " + status);
    }
    this.status = status;
    this.field = field;
  }

  /** 400 Bad Request for {@code field}. */
  public static BadRequestException invalid(String field, String problem) {
    return new BadRequestException(400, field, problem);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }

  public String problem() {
    return getMessage();
  }
}
