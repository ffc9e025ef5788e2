package io.ultron.query.audit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTest {

    @Test
    void masksFieldsNamedLikeSecretsAtAnyDepthAndKeepsReferences() {
        Map<String, Object> payload = Map.of(
                "credentialsRef", "clusters/bj1",
                "password", "hunter2",
                "nested", Map.of("Token", "abc", "name", "n"),
                "list", List.of(Map.of("secret", "s"), "plain"));

        Map<String, Object> redacted = Redaction.redact(payload);

        assertThat(redacted).containsEntry("credentialsRef", "clusters/bj1").containsEntry("password", Redaction.MASK);
        assertThat(redacted.get("nested")).isEqualTo(Map.of("Token", Redaction.MASK, "name", "n"));
        assertThat(redacted.get("list")).isEqualTo(List.of(Map.of("secret", Redaction.MASK), "plain"));
    }
}
