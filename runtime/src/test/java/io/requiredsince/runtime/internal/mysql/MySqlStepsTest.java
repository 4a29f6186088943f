package io.requiredsince.runtime.internal.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.requiredsince.runtime.Backfill;
import io.requiredsince.runtime.ColumnSpec;
import io.requiredsince.runtime.SqlType;
import io.requiredsince.runtime.internal.Engine;
import io.requiredsince.runtime.internal.EngineInfo;
import io.requiredsince.runtime.internal.LiveColumn;
import io.requiredsince.runtime.internal.Step;
import io.requiredsince.runtime.internal.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL of the MySQL dialect (no MySQL server on these machines: the MariaDB server proves execution). */
class MySqlStepsTest {

    private static List<String> sql(EngineInfo engine, ColumnSpec spec) {
        Target t = new Target(spec, null, spec.table(), spec.column());
        return new MySqlSupport(engine).road(t, LiveColumn.MISSING, false).all().stream().map(Step::sql).toList();
    }

    private static final EngineInfo MYSQL_8_4 = new EngineInfo(Engine.MYSQL, 8, 4, "8.4.3", false);
    private static final EngineInfo MYSQL_8_0_11 = new EngineInfo(Engine.MYSQL, 8, 0, "8.0.11", false);

    @Test
    void mysqlConstantBackfill() {
        ColumnSpec spec = ColumnSpec.builder().table("order").column("plan").type(SqlType.varchar(20))
                .backfill(Backfill.constant("'O''Brien'")).build();
        assertEquals(List.of(
                "ALTER TABLE `order` ADD COLUMN `plan` varchar(20) NOT NULL DEFAULT 'O''Brien', ALGORITHM=INSTANT",
                "ALTER TABLE `order` ALTER COLUMN `plan` DROP DEFAULT"), sql(MYSQL_8_4, spec));
    }

    @Test
    void mysqlExpressionBackfill() {
        ColumnSpec spec = ColumnSpec.builder().table("Plan").column("slug").type(SqlType.varchar(100))
                .backfill(Backfill.expression("lower(name)")).keepDefault(false).build();
        assertEquals(List.of(
                "ALTER TABLE `Plan` ADD COLUMN `slug` varchar(100) NULL",
                "update `Plan` set `slug` = lower(name) where `slug` is null",
                "update `Plan` set `slug` = lower(name) where `slug` is null",
                "SELECT 1 FROM `Plan` WHERE `slug` IS NULL LIMIT 1",
                "ALTER TABLE `Plan` MODIFY COLUMN `slug` varchar(100) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
                "drop the fill trigger", // guarded: runs only where an expanded migration left its trigger
                "ALTER TABLE `Plan` ALTER COLUMN `slug` DROP DEFAULT"), sql(MYSQL_8_4, spec));
    }

    @Test
    void mysqlBeforeInstantTakesTheSafeRoadEvenForConstants() {
        ColumnSpec spec = ColumnSpec.builder().table("t").column("n").type(SqlType.integer())
                .backfill(Backfill.constant("0")).keepDefault(true).build();
        assertEquals(List.of(
                "ALTER TABLE `t` ADD COLUMN `n` int NULL",
                "update `t` set `n` = 0 where `n` is null",
                "update `t` set `n` = 0 where `n` is null",
                "SELECT 1 FROM `t` WHERE `n` IS NULL LIMIT 1",
                "ALTER TABLE `t` MODIFY COLUMN `n` int NOT NULL, ALGORITHM=INPLACE, LOCK=NONE",
                "ALTER TABLE `t` ALTER COLUMN `n` SET DEFAULT 0"), sql(MYSQL_8_0_11, spec));
    }

    @Test
    void strictModeIsAddedOnce() {
        assertEquals("STRICT_ALL_TABLES", MySqlActions.strict(""));
        assertEquals("NO_ENGINE_SUBSTITUTION,STRICT_ALL_TABLES", MySqlActions.strict("NO_ENGINE_SUBSTITUTION"));
        assertEquals("STRICT_ALL_TABLES", MySqlActions.strict("STRICT_ALL_TABLES"));
    }

    @Test
    void canonicalTypesIgnoreDisplayWidths() {
        assertEquals(ColumnDefinition.canonical("int"), ColumnDefinition.canonical("int(11)"));
        assertEquals(ColumnDefinition.canonical("boolean"), ColumnDefinition.canonical("tinyint(1)"));
        assertEquals(ColumnDefinition.canonical("decimal(19,2)"), ColumnDefinition.canonical("decimal(19, 2)"));
    }
}
