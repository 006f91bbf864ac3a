package dev.bahe.core.config;

/** An experiment configuration is invalid: the message names the file and the offending key. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
