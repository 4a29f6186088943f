/**
 * The public API: {@link io.requiredsince.runtime.Migrator} applies the migrations the processor
 * generates; {@link io.requiredsince.runtime.Migration} and {@link io.requiredsince.runtime.ColumnSpec}
 * describe them.
 */
package io.requiredsince.runtime;
