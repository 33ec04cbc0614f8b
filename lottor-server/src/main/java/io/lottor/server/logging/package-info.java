/**
 * How the server renders its logs: {@code EscapedMessageConverter} keeps every log line one line, whatever
 * client-supplied text it carries.
 */
package io.lottor.server.logging;
