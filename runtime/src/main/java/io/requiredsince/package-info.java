/**
 * The annotations a developer writes on entities: {@link io.requiredsince.RequiredSince} on fields,
 * {@link io.requiredsince.Table} on classes.
 */
package io.requiredsince;
