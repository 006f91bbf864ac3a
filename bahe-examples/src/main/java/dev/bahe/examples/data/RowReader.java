package dev.bahe.examples.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the rows of one dataset file line by line. {@link #next()} either returns a row, returns null at the end
 * of the file, or throws a {@link DataFormatException} for a malformed line; after a skippable exception the
 * next call continues with the following line. Lines that are empty or hold only spaces are ignored. Not thread-safe.
 */
abstract class RowReader implements Closeable {

  private final Path file;
  private final InputStream in;
  private final CharsetDecoder decoder;
  private final byte[] chunk = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] buffer = new byte[256];
  private long lineNumber;

  RowReader(Path file, Charset charset) {
    this.file = file;
    this.decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      this.in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(file, 0, null, null, "file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }

  /** Opens a reader of {@code format} over {@code file}, checking the header for {@code requiredFields}. */
  static RowReader open(TabularFormat format, Path file, List<String> requiredFields) {
    return switch (format) {
      case TSV -> new TsvRowReader(file, requiredFields);
      case JSONL -> new JsonlRowReader(file, requiredFields);
    };
  }

  final Path file() {
    return file;
  }

  /** The next non-blank line with its number, or null at the end of the file. Strips a BOM and a CR. */
  final String nextLine() {
    while (true) {
      String line = readLine();
      if (line == null) {
        return null;
      }
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
        line = line.substring(0, line.length() - 1);
      }
      if (!onlySpaces(line)) {
        return line;
      }
    }
  }

  /**
   * Whether a line is empty or holds only U+0020 spaces: the only lines ignored. A line of tabs or other
   * whitespace (form feed, U+001C, U+2028, ...) is a row and fails or is counted like any other bad row, so no
   * line disappears uncounted.
   */
  private static boolean onlySpaces(String line) {
    for (int i = 0; i < line.length(); i++) {
      if (line.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads bytes up to the next LF and decodes them strictly, line by line, so that an undecodable byte is
   * reported on its own line (LF is a single byte in UTF-8 and ISO-8859-1 and never part of a sequence).
   */
  private String readLine() {
    int length = 0;
    try {
      while (true) {
        if (position == limit) {
          limit = in.read(chunk);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            if (length == 0) {
              return null;
            }
            break;
          }
        }
        int start = position;
        while (position < limit && chunk[position] != '\n') {
          position++;
        }
        int n = position - start;
        if (length + n > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + n));
        }
        System.arraycopy(chunk, start, buffer, length, n);
        length += n;
        if (position < limit) {
          position++; // consume the LF
          break;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    lineNumber++;
    try {
      return decoder.reset().decode(ByteBuffer.wrap(buffer, 0, length)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, lineNumber, "(line)", BadRowReason.BAD_ENCODING,
          "not valid " + decoder.charset().name() + " text");
    }
  }

  final long lineNumber() {
    return lineNumber;
  }

  /** The next row, or null at the end of the file. */
  abstract Row next();

  @Override
  public final void close() {
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + file, e);
    }
  }
}
