package io.ultron.app.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.io.IOException;

/**
 * What a request body may hold, stricter than the application's own JSON (which also reads the stored events and
 * must keep reading them): a text field given a number or boolean is refused, not turned into text
 * ({@code "tenant": 12345} was stored as "12345"), and text with control characters (NUL and the like) or
 * bidirectional overrides (U+202E shows "txt.exe" as "exe.txt") is refused. Both are a 400 {@code invalid-body}
 * naming the field.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestJson {

    @Bean
    MappingJackson2HttpMessageConverter mappingJackson2HttpMessageConverter(ObjectMapper application) {
        ObjectMapper strict = application.copy();
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.registerModule(new SimpleModule("plain-text").addDeserializer(String.class, new PlainText()));
        return new MappingJackson2HttpMessageConverter(strict);
    }

    /** Jackson's own text reading (with the coercion rules above), then the characters no caller needs. */
    static final class PlainText extends StdScalarDeserializer<String> {

        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null && !isPlain(text)) {
                return (String) context.handleWeirdStringValue(String.class, text,
                        "control characters and bidirectional overrides are not allowed");
            }
            return text;
        }

        static boolean isPlain(String text) {
            return text.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL
                    || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069));
        }
    }
}
