package io.lottor.server;

import io.lottor.server.security.Security;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a server listening beyond the loopback interface lacks: no client token (anyone who reaches the
 * ports may act as any service) or no TLS (tokens and payloads cross the network in clear). A server on
 * a loopback address is reachable from its own machine only and gets no warning.
 */
final class ExposureWarnings {
    private ExposureWarnings() {
    }

    /** One sentence per gap, empty when {@code host} is a loopback address or nothing is missing. */
    static List<String> of(String host, Security security) {
        List<String> warnings = new ArrayList<>();
        if (isLoopback(host)) {
            return warnings;
        }
        if (!security.clientTokenRequired()) {
            warnings.add("listening on " + host + " with no client token: anyone who reaches the gRPC or HTTP port"
                    + " can prepare, commit and roll back groups of any service; set --client-token");
        }
        if (!security.tls()) {
            warnings.add("listening on " + host + " without TLS: tokens and payloads cross the network in clear;"
                    + " set --tls-cert and --tls-key");
        }
        return warnings;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
