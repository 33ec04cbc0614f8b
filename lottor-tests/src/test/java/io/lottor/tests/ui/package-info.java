/** The admin UI driven in a real Chromium against a real server process, at laptop and phone widths. */
package io.lottor.tests.ui;
