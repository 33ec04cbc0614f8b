/**
 * The seed's auth service: consumes {@code auth-role} messages with {@code @LottorListener} and writes
 * the granted role into its own {@code user_role} table; a message without a user id is rejected.
 */
package io.lottor.samples.auth;
