package io.ultron.app.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded default's admin key on disk ({@code <data dir>/bootstrap-admin-key}): written once, readable and
 * writable by its owner only, from the moment it exists (created with those permissions, never widened).
 */
public final class BootstrapKeyFile {

    public static final String FILE_NAME = "bootstrap-admin-key";
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public BootstrapKeyFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The key in the file, if the file exists. */
    public Optional<String> read() {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes {@code key} unless the file exists already; true if this call wrote it. */
    public boolean writeOnce(String key) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try {
                if (Files.getFileStore(file.toAbsolutePath().getParent()).supportsFileAttributeView("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(file);
                }
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
