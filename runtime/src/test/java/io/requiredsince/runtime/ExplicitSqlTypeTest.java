package io.requiredsince.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code @RequiredSince(sqlType = "…")}: a type written in SQL reaches every engine as written, on
 * both roads (constant and expression backfill).
 */
class ExplicitSqlTypeTest {


    /** Spaces and a comma inside the type: the case a dialect that quotes odd type names gets wrong. */
    private static final SqlType NUMERIC = SqlType.explicit("numeric(12, 3)");

    @EngineTest
    void explicitTypeIsUsedAsWrittenOnBothRoads(Supplier<TestDatabase> engine) {
        TestDatabase db = engine.get();
        db.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, price INTEGER NOT NULL)");
        db.execute("INSERT INTO products (id, price) VALUES (1, 10), (2, 20)");
        List<Migration> migrations = List.of(
                TestMigration.of("1", "products", "weight", NUMERIC, Backfill.constant("1.25"), false),
                TestMigration.of("2", "products", "net", NUMERIC, Backfill.expression("price * 1.5"), false));
        Migrator migrator = Migrator.configure(db.dataSource).completeImmediately(true).migrations(migrations).load();

        List<PlannedStatement> plan = migrator.plan();
        for (String column : List.of("weight", "net")) {
            assertTrue(plan.stream().map(s -> s.sql().toLowerCase(Locale.ROOT))
                            .anyMatch(s -> s.contains(" add ") && s.contains(column) && s.contains(" numeric(12, 3)")),
                    "the ADD of " + column + " carries the type as written: " + plan);
        }
        migrator.migrate();

        assertFalse(db.column("products", "weight").nullable());
        assertFalse(db.column("products", "net").nullable());
        assertEquals(0, new BigDecimal("1.25").compareTo(decimal(db.single("SELECT weight FROM products WHERE id = 2"))));
        assertEquals(0, new BigDecimal("30").compareTo(decimal(db.single("SELECT net FROM products WHERE id = 2"))));
        // Three digits after the point are kept: the column really is numeric(12, 3).
        db.execute("UPDATE products SET weight = 2.125 WHERE id = 1");
        assertEquals(0, new BigDecimal("2.125").compareTo(decimal(db.single("SELECT weight FROM products WHERE id = 1"))));
    }

    @Test
    void explicitTypeIsItsOwnSqlAndEntersTheChecksum() {
        assertEquals("jsonb", SqlType.explicit(" jsonb ").toString());
        ColumnSpec text = ColumnSpec.builder().table("t").column("c").type(SqlType.explicit("text"))
                .backfill(Backfill.constant("''")).build();
        ColumnSpec varchar = ColumnSpec.builder().table("t").column("c").type(SqlType.varchar(255))
                .backfill(Backfill.constant("''")).build();
        assertFalse(text.checksum() == varchar.checksum(), "changing the type changes the checksum");
        assertThrows(IllegalArgumentException.class, () -> SqlType.explicit(" "));
        assertThrows(IllegalArgumentException.class, () -> new SqlType(SqlType.Kind.INTEGER, 0, 0, 0, "int"));
    }

    private static BigDecimal decimal(Object value) {
        return value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
    }
}
