package io.requiredsince.liquibase;

import io.requiredsince.liquibase.app.Owner_handle_Migration;
import io.requiredsince.liquibase.app.Pet_kind_Migration;
import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.Migration;
import io.requiredsince.runtime.MigrationVersion;
import io.requiredsince.runtime.SqlType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A class loader whose requiredsince registry lists other migrations than the build's: the
 * application as a later build of it would be, given to Liquibase as its scope's class loader.
 */
public final class Registry {

    private static final String SERVICES = "META-INF/services/" + Migration.class.getName();

    private Registry() {
    }

    /** The test application with {@code Owner.handle} edited: {@code upper(name)} instead of {@code lower(name)}. */
    static ClassLoader edited() {
        return of(List.of(UpperHandle.class, Pet_kind_Migration.class));
    }

    /** The test application with a version 1.5 and a version 4 that the changelog does not name. */
    static ClassLoader withUnplacedVersions() {
        return of(List.of(Owner_handle_Migration.class, Pet_kind_Migration.class, Nickname.class, Colour.class));
    }

    private static ClassLoader of(List<Class<? extends Migration>> migrations) {
        try {
            Path file = Files.createTempFile("requiredsince-registry-", "");
            file.toFile().deleteOnExit();
            Files.write(file, migrations.stream().map(Class::getName).toList());
            URL registry = file.toUri().toURL();
            return new ClassLoader(Registry.class.getClassLoader()) {
                @Override
                public Enumeration<URL> getResources(String name) throws IOException {
                    return SERVICES.equals(name) ? Collections.enumeration(List.of(registry)) : super.getResources(name);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hand-written migration: a column of the test application, its version and backfill. */
    private abstract static class Written implements Migration {
        private final MigrationVersion version;
        private final ColumnSpec column;

        Written(String version, String table, String column, Backfill backfill) {
            this.version = MigrationVersion.parse(version);
            this.column = ColumnSpec.builder().table(table).column(column).type(SqlType.varchar(255)).backfill(backfill).build();
        }

        @Override
        public MigrationVersion version() {
            return version;
        }

        @Override
        public ColumnSpec column() {
            return column;
        }
    }

    /** {@code Owner.handle} as an edit makes it. */
    public static final class UpperHandle extends Written {
        public UpperHandle() {
            super("2", "owners", "handle", Backfill.expression("upper(name)"));
        }
    }

    /** A version below the changelog's 2 that no changeset names. */
    public static final class Nickname extends Written {
        public Nickname() {
            super("1.5", "owners", "nickname", Backfill.constant("'none'"));
        }
    }

    /** A version above the changelog's 2 that no changeset names. */
    public static final class Colour extends Written {
        public Colour() {
            super("4", "pets", "colour", Backfill.constant("'brown'"));
        }
    }
}
