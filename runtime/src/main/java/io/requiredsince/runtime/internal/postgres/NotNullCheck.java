package io.requiredsince.runtime.internal.postgres;

import io.requiredsince.runtime.internal.Sql;
import io.requiredsince.runtime.internal.Target;
import java.nio.charset.StandardCharsets;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;

/**
 * The temporary {@code CHECK (col IS NOT NULL)} constraint PostgreSQL tightens through: added NOT
 * VALID (catalog only), validated without blocking writers, trusted by {@code SET NOT NULL} from 12
 * on, then dropped.
 */
final class NotNullCheck {

    private final Sql sql;
    private final Target target;

    NotNullCheck(Sql sql, Target target) {
        this.sql = sql;
        this.target = target;
    }

    /** The constraint's name, unique per column and within PostgreSQL's 63-byte identifier limit. */
    static String name(Target target) {
        String name = "requiredsince_" + target.column() + "_not_null";
        if (name.getBytes(StandardCharsets.UTF_8).length <= 63) {
            return name;
        }
        // Too long: a hash of the column keeps it unique per column.
        return "requiredsince_nn_" + Integer.toHexString(target.column().hashCode());
    }

    String add() {
        return "alter table " + sql.quotedTable(target) + " add constraint " + sql.quoted(name(target))
                + " check (" + sql.quoted(target.column()) + " is not null) not valid";
    }

    String validate() {
        return "alter table " + sql.quotedTable(target) + " validate constraint " + sql.quoted(name(target));
    }

    String drop() {
        return sql.dsl().alterTable(sql.table(target)).dropConstraint(DSL.name(name(target))).getSQL(ParamType.INLINED);
    }
}
