/**
 * The model every other package shares and that depends on nothing: the states of a group and of a
 * message with their allowed transitions, the validated values (a new group, its messages, views and
 * summaries, its history), the limits, the caller of an operation, and the errors every transport maps
 * to status codes.
 */
package io.lottor.server.model;
