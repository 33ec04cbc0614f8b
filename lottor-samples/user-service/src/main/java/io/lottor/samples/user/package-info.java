/**
 * The seed's user service: {@code POST /user} creates a user in its own database and, in the same
 * {@code @LottorTransactional} transaction, sends {@code auth-role} to the auth service. The
 * {@code result} parameter reproduces the seed's three scenarios (see {@link io.lottor.samples.user.Scenario}).
 */
package io.lottor.samples.user;
