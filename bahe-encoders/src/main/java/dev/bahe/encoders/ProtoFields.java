package dev.bahe.encoders;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the top-level fields of one protobuf message held in a byte array, without generated classes. Each
 * field keeps its byte range so that a message can be re-serialised field by field (used to cut ONNX graphs).
 */
final class ProtoFields {

  private ProtoFields() {}

  /**
   * One field occurrence.
   *
   * @param number field number
   * @param wireType protobuf wire type
   * @param value the varint or fixed value (non-length-delimited fields)
   * @param offset start of the payload in the buffer (length-delimited fields)
   * @param length payload length (length-delimited fields)
   */
  record Field(int number, int wireType, long value, int offset, int length) {

    boolean isBytes() {
      return wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }
  }

  /** A length-delimited field that runs past the end of its message; {@code partial} holds what is there. */
  static final class Truncated extends IOException {

    private static final long serialVersionUID = 1L;
    private final transient Field partial;

    Truncated(Field partial, int declaredLength) {
      super("field " + partial.number() + " declares " + declaredLength + " bytes but only " + partial.length()
          + " remain (truncated file?)");
      this.partial = partial;
    }

    Field partial() {
      return partial;
    }
  }

  /** The fields of the message at {@code data[offset, offset + length)}, in file order. */
  static List<Field> read(byte[] data, int offset, int length) throws IOException {
    List<Field> fields = new ArrayList<>();
    readInto(data, offset, length, fields);
    return fields;
  }

  /**
   * Like {@link #read}, but a truncated length-delimited field ends the list (holding the bytes that exist)
   * instead of failing; other damage ends the list silently. For error diagnostics.
   */
  static List<Field> readLenient(byte[] data, int offset, int length) {
    List<Field> fields = new ArrayList<>();
    try {
      readInto(data, offset, length, fields);
    } catch (Truncated t) {
      fields.add(t.partial());
    } catch (IOException | RuntimeException e) {
      // keep what was read
    }
    return fields;
  }

  private static void readInto(byte[] data, int offset, int length, List<Field> fields) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(data, offset, length);
    in.setSizeLimit(Integer.MAX_VALUE);
    while (true) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      switch (wireType) {
        case WireFormat.WIRETYPE_VARINT -> fields.add(new Field(number, wireType, in.readRawVarint64(), 0, 0));
        case WireFormat.WIRETYPE_FIXED64 -> fields.add(new Field(number, wireType, in.readRawLittleEndian64(), 0, 0));
        case WireFormat.WIRETYPE_FIXED32 -> fields.add(new Field(number, wireType, in.readRawLittleEndian32(), 0, 0));
        case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
          int len = in.readRawVarint32();
          if (len < 0) {
            throw new IOException("negative length for field " + number);
          }
          int start = offset + in.getTotalBytesRead();
          if ((long) start + len > (long) offset + length) {
            throw new Truncated(new Field(number, wireType, 0, start, offset + length - start), len);
          }
          fields.add(new Field(number, wireType, 0, start, len));
          in.skipRawBytes(len);
        }
        default -> throw new IOException("unsupported wire type " + wireType + " for field " + number);
      }
    }
  }

  static String string(byte[] data, Field field) {
    return new String(data, field.offset(), field.length(), StandardCharsets.UTF_8);
  }

  /** Decodes a packed (or single) repeated varint field into {@code out}. */
  static void varints(byte[] data, Field field, List<Long> out) throws IOException {
    if (!field.isBytes()) {
      out.add(field.value());
      return;
    }
    CodedInputStream in = CodedInputStream.newInstance(data, field.offset(), field.length());
    while (!in.isAtEnd()) {
      out.add(in.readRawVarint64());
    }
  }
}
