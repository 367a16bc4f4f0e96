package io.ddbbackup.operator.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonFormatVisitorWrapper;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonStringFormatVisitor;
import com.fasterxml.jackson.databind.jsonFormatVisitors.JsonValueFormat;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A status time: written as the string it is (RFC 3339, UTC), and declared {@code format:
 * date-time} in the CRD's schema, so the API server refuses anything else and clients know the
 * field is a time. The CRD generator reads the format from this serializer's schema visit.
 */
public final class Rfc3339 extends StdSerializer<String> {

  public Rfc3339() {
    super(String.class);
  }

  @Override
  public void serialize(String value, JsonGenerator gen, SerializerProvider provider)
      throws IOException {
    gen.writeString(value);
  }

  @Override
  public void acceptJsonFormatVisitor(JsonFormatVisitorWrapper visitor, JavaType hint)
      throws JsonMappingException {
    JsonStringFormatVisitor string = visitor.expectStringFormat(hint);
    if (string != null) {
      string.format(JsonValueFormat.DATE_TIME);
    }
  }
}
