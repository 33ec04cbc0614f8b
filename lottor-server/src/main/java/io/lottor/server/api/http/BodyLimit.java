package io.lottor.server.api.http;

import io.lottor.server.api.InboundBudget;
import io.lottor.server.model.ResourceExhaustedException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Bounds request bodies. Each body is capped at {@code maxBytes} as it is read, whether or not the request
 * declared a Content-Length: reading past the cap throws {@link ResourceExhaustedException} (field
 * {@code body}), answered 413, and the rest of the body is never read (the connection is closed after the
 * answer). And a request with a body first reserves what reading it may take (three times its
 * Content-Length, or its cap when chunked) from the {@link InboundBudget} shared with gRPC, until its
 * handler is done;
 * when the budget is spent it is answered {@code 429 RESOURCE_EXHAUSTED "overloaded"} with
 * {@code Retry-After: 1}, its body unread. Thread-safe.
 */
final class BodyLimit implements Filter {
    private static final String OVERLOADED = "{\"error\":\"RESOURCE_EXHAUSTED\",\"message\":\"overloaded: the server is"
            + " reading as many requests as it may (max-inbound-bytes); retry later\",\"field\":null}";

    /** A JSON request in memory: its bytes, its parsed tree and the payloads decoded from it. */
    private static final int JSON_WEIGHT = 3;

    private final long maxBytes;
    private final InboundBudget budget;

    BodyLimit(long maxBytes, InboundBudget budget) {
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        try (InboundBudget.Ticket ticket = budget.tryReserve(weight(http))) {
            if (ticket.state() == InboundBudget.State.REFUSED) {
                overloaded((HttpServletResponse) response);
                return;
            }
            chain.doFilter(new LimitedRequest(http, maxBytes), response);
        }
    }

    /**
     * What reading the body may take: three times its declared length, or the cap when it has none
     * (chunked), for the bytes, their JSON tree and the decoded payloads; 0 without a body.
     */
    private long weight(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        if (declared >= 0) {
            return JSON_WEIGHT * Math.min(declared, maxBytes);
        }
        return request.getHeader("Transfer-Encoding") != null ? JSON_WEIGHT * maxBytes : 0;
    }

    private static void overloaded(HttpServletResponse response) throws IOException {
        response.setStatus(429);
        response.setHeader("Retry-After", "1");
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.getOutputStream().write(OVERLOADED.getBytes(StandardCharsets.UTF_8));
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private ServletInputStream body;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new LimitedStream(super.getInputStream(), maxBytes);
            }
            return body;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long maxBytes;
        private long read;

        LimitedStream(ServletInputStream in, long maxBytes) {
            this.in = in;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, (int) Math.min(length, maxBytes - read + 1));
            count(n);
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        private void count(int n) {
            if (n > 0) {
                read += n;
            }
            if (read > maxBytes) {
                throw new ResourceExhaustedException("body", "body is over the limit of " + maxBytes
                        + " bytes (twice max-request-bytes)");
            }
        }
    }
}
