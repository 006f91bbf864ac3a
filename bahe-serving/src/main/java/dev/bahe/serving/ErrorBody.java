package dev.bahe.serving;

/**
 * The JSON body of every error response: never a stack trace.
 *
 * @param status the HTTP status
 * @param error the status in words ("Bad Request", "Service Unavailable" ...)
 * @param field the JSON path of the field at fault ({@code $} for the whole body), or null when no field is
 * @param problem what is wrong, in words
 */
public record ErrorBody(int status, String error, String field, String problem) {

  /** The body of a refused request. */
  public static ErrorBody of(BadRequestException e) {
    return new ErrorBody(e.status(), reason(e.status()), e.field(), e.problem());
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }
}
