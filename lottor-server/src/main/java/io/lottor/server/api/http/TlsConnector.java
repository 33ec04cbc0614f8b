package io.lottor.server.api.http;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS connector that replaces Javalin's plaintext one when TLS is configured. */
final class TlsConnector {
    private final SSLContext context;
    private String host;
    private int port;

    TlsConnector(SSLContext context) {
        this.context = context;
    }

    /** Where the connector listens; set before the server starts. */
    void bindTo(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Connector connector(Server server, HttpConfiguration http) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(context);
        HttpConfiguration https = new HttpConfiguration(http);
        // clients may reach the server by IP address or any name: no SNI host check
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
