package io.ultron.app.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class BootstrapKeyFileTest {

    @TempDir
    Path dataDir;

    @Test
    void writesTheKeyOnceReadableAndWritableByItsOwnerOnly() throws Exception {
        var file = new BootstrapKeyFile(dataDir.resolve("nested").resolve(BootstrapKeyFile.FILE_NAME));
        String key = ApiKeySecrets.newKey();

        assertThat(file.read()).isEmpty();
        assertThat(file.writeOnce(key)).isTrue();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(file.read()).contains(key);
        assertThat(file.writeOnce(ApiKeySecrets.newKey())).as("a second write").isFalse();
        assertThat(file.read()).contains(key);
    }

    @Test
    void newKeysAreLongRandomAndAcceptedAndOnlyTheirHashIsStored() {
        String one = ApiKeySecrets.newKey();
        String two = ApiKeySecrets.newKey();
        assertThat(one).isNotEqualTo(two).startsWith("ultron_").hasSizeGreaterThanOrEqualTo(7 + 43);
        assertThat(ApiKeySecrets.acceptable(one)).isTrue();
        assertThat(ApiKeySecrets.hash(one)).hasSize(64).isNotEqualTo(ApiKeySecrets.hash(two)).doesNotContain(one);
        assertThat(ApiKeySecrets.sameHash(ApiKeySecrets.hash(one), ApiKeySecrets.hash(one))).isTrue();
        assertThat(ApiKeySecrets.acceptable("short")).isFalse();
        assertThat(ApiKeySecrets.acceptable("has spaces in the middle of it")).isFalse();
    }
}
