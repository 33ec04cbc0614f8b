package io.lottor.spring.internal;

import java.util.Map;

/** One message sent in a transaction, encoded already, waiting for the transaction's commit. */
record OutgoingMessage(String target, String method, byte[] payload, Map<String, String> headers) {
}
