/** What the samples' tests share: a real in-process Lottor server and the machine's MariaDB. */
package io.lottor.samples.testing;
