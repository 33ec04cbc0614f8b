package io.lottor.client.internal;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a fixed list of {@code host:port} addresses (each host looked up on every refresh) into one
 * address group per server, so the load balancer spreads calls over all of them and skips those that
 * are down.
 */
final class StaticAddressResolver extends NameResolver {
    static final String SCHEME = "lottor-static";

    private final List<String> targets;
    private Listener2 listener;

    private StaticAddressResolver(List<String> targets) {
        this.targets = targets;
    }

    @Override
    public String getServiceAuthority() {
        return targets.get(0);
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
    }

    private void resolve() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (String target : targets) {
            InetSocketAddress address = address(target);
            if (!address.isUnresolved()) {
                groups.add(new EquivalentAddressGroup(address));
            }
        }
        if (groups.isEmpty()) {
            listener.onError(Status.UNAVAILABLE.withDescription("no address of " + targets + " resolves"));
            return;
        }
        listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
    }

    /** {@code host:port}, also {@code [v6]:port}. */
    static InetSocketAddress address(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw new IllegalArgumentException("target must be host:port: " + target);
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        return new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1)));
    }

    /** Creates the resolver for the channel's target, whatever the URI says: the list is fixed. */
    static final class Factory extends NameResolver.Factory {
        private final List<String> targets;

        Factory(List<String> targets) {
            targets.forEach(StaticAddressResolver::address);
            this.targets = List.copyOf(targets);
        }

        @Override
        public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
            return SCHEME.equals(targetUri.getScheme()) ? new StaticAddressResolver(targets) : null;
        }

        @Override
        public String getDefaultScheme() {
            return SCHEME;
        }
    }
}
