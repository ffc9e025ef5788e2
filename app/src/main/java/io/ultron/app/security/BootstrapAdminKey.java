package io.ultron.app.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;

/**
 * The first admin key, at every start of every node (idempotent: a key is stored by its unique hash once).
 * <ul>
 *   <li>{@code ultron.security.bootstrap-admin-key} ({@code ULTRON_BOOTSTRAP_ADMIN_KEY}) set: that key is an admin key;</li>
 *   <li>else, with {@code ultron.security.bootstrap-key-file} set (the embedded default sets it to
 *       {@code <data dir>/bootstrap-admin-key}) and no usable admin key stored: the key in that file, generated and
 *       written (owner-only) if there is none yet. The log names the file, never the key.</li>
 * </ul>
 * A bootstrap key an admin revoked stays revoked.
 */
@Component
class BootstrapAdminKey implements ApplicationRunner {

    static final String PRINCIPAL = "bootstrap-admin";
    private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

    private final ApiKeys keys;
    private final String configuredKey;
    private final String keyFile;

    BootstrapAdminKey(ApiKeys keys, @Value("${ultron.security.bootstrap-admin-key:}") String configuredKey,
                      @Value("${ultron.security.bootstrap-key-file:}") String keyFile) {
        this.keys = keys;
        this.configuredKey = configuredKey.trim();
        this.keyFile = keyFile.trim();
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!configuredKey.isEmpty()) {
            if (!ApiKeySecrets.acceptable(configuredKey)) {
                throw new IllegalStateException("ultron.security.bootstrap-admin-key must be 16-256 characters of"
                        + " letters, digits or . _ ~ + / = -");
            }
            if (ApiKeySecrets.looksLikeJwt(configuredKey)) {
                throw new IllegalStateException("ultron.security.bootstrap-admin-key must not look like a JWT"
                        + " (three parts separated by dots): a bearer value of that shape is read as a JWT");
            }
            keys.ensure(configuredKey, PRINCIPAL, List.of(ApiRoleName.ADMIN.value()));
            return;
        }
        if (keyFile.isEmpty() || keys.anyUsableAdmin()) {
            return;
        }
        var file = new BootstrapKeyFile(Path.of(keyFile));
        String key = file.read().filter(ApiKeySecrets::acceptable).orElse(null);
        if (key == null) {
            key = ApiKeySecrets.newKey();
            if (!file.writeOnce(key)) {
                throw new IllegalStateException(file.path() + " exists but holds no usable key; remove it to get a new one");
            }
            log.info("admin API key written to {} (readable by its owner only); send it as 'Authorization: Bearer <key>'",
                    file.path());
        }
        keys.ensure(key, PRINCIPAL, List.of(ApiRoleName.ADMIN.value()));
    }
}
