/** The {@code lottor} command line: {@code lottor server} and its flags, each with an environment variable. */
package io.lottor.server.cli;
