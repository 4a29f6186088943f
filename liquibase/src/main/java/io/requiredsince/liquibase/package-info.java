/** The {@code @RequiredSince} migrations inside a Liquibase changelog. */
package io.requiredsince.liquibase;
