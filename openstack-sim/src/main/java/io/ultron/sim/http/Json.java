package io.ultron.sim.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The simulator's one JSON mapper and the timestamp formats the OpenStack services use. */
public final class Json {

    /** Strict on input so a malformed admin PATCH fails loudly instead of being half applied. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Nova, Neutron and Glance: second precision with a Z. */
    public static String seconds(Instant instant) {
        return instant == null ? null : SECONDS.format(instant);
    }

    /** Cinder: microseconds, no zone designator. */
    public static String micros(Instant instant) {
        return instant == null ? null : MICROS.format(instant);
    }

    /** Keystone: microseconds with a Z. */
    public static String microsZulu(Instant instant) {
        return MICROS.format(instant) + "Z";
    }
}
