package dev.bahe.serving;

/** The service cannot take a request now (not ready, draining, queue full, timed out): a 503 with the reason. */
public final class ServiceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(String reason) {
    super(reason, null, false, false);
  }
}
