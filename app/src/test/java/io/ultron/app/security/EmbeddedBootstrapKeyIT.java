package io.ultron.app.security;

import io.ultron.app.UltronApplication;
import io.ultron.app.support.FreshDatabase;
import io.ultron.app.support.Http;
import io.ultron.app.support.Nodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's first start (no {@code ULTRON_BOOTSTRAP_ADMIN_KEY}): an admin key is made, written to the
 * data directory for its owner only, and named in the log by its file, never by itself; a restart keeps it.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedBootstrapKeyIT {

    @TempDir
    Path dataDir;
    FreshDatabase.Infrastructure infra = FreshDatabase.create();
    ConfigurableApplicationContext first;
    ConfigurableApplicationContext second;

    @AfterEach
    void stop() {
        Nodes.stop(infra, first, second);
    }

    @Test
    void theFirstStartWritesAnAdminKeyForItsOwnerAndARestartKeepsIt(CapturedOutput logs) throws Exception {
        Path keyFile = dataDir.resolve(BootstrapKeyFile.FILE_NAME);
        first = start(keyFile);
        String key = Files.readString(keyFile).trim();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        Http admin = Nodes.http(first).withKey(key);
        assertThat(admin.get("/api/v1/admin/api-keys").status()).isEqualTo(200);
        assertThat(Nodes.http(first).get("/api/v1/clusters").status()).as("the test key is not configured here").isEqualTo(401);
        assertThat(logs.getAll()).contains("admin API key written to " + keyFile).doesNotContain(key);
        first.close();

        second = start(keyFile);
        assertThat(Files.readString(keyFile).trim()).isEqualTo(key);
        assertThat(Nodes.http(second).withKey(key).get("/api/v1/admin/api-keys").status()).isEqualTo(200);
        assertThat(second.getBean(JdbcTemplate.class).queryForObject(
                "SELECT COUNT(*) FROM api_keys WHERE principal = 'bootstrap-admin'", Integer.class)).isEqualTo(1);
        assertThat(logs.getAll().split("admin API key written to", -1)).as("written once").hasSize(2);
        assertThat(logs.getAll()).doesNotContain(key);
    }

    /** A node as the embedded default starts one: no bootstrap key configured, a key file in the data directory. */
    private ConfigurableApplicationContext start(Path keyFile) {
        List<String> args = new ArrayList<>(Arrays.stream(infra.asArgs())
                .filter(arg -> !arg.startsWith("--ultron.security.bootstrap-admin-key=")).toList());
        args.addAll(List.of("--server.port=0", "--ultron.security.bootstrap-key-file=" + keyFile));
        return new SpringApplicationBuilder(UltronApplication.class).run(args.toArray(String[]::new));
    }
}
