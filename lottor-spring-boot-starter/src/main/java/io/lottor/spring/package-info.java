/**
 * Spring Boot integration of Lottor: {@link io.lottor.spring.LottorTransactional} methods send messages
 * with {@link io.lottor.spring.LottorTemplate} as part of their Spring transaction, and
 * {@link io.lottor.spring.LottorListener} methods consume them in a transaction with the idempotency
 * insert. Everything is auto-configured from {@link io.lottor.spring.LottorProperties} ({@code lottor.*});
 * every bean can be replaced by one of the application's own. Classes under
 * {@code io.lottor.spring.internal} are not API.
 */
package io.lottor.spring;
