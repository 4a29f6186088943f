/**
 * Private API. No compatibility guarantees: the executor, the history table, the engine detection
 * and one strategy per engine. Use {@link io.requiredsince.runtime.Migrator} instead.
 */
package io.requiredsince.runtime.internal;
