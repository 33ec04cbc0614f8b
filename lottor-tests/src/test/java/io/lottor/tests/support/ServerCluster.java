package io.lottor.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several real server processes on one database of the test's own, each with a data directory of its
 * own, with an {@link Inspector} per server. A server killed by a test is started again (same ports, new
 * server id) by {@link #restartDead()}. Not thread-safe: one test drives it.
 */
public final class ServerCluster implements AutoCloseable {
    private final List<ServerProcess> servers;
    private final List<Inspector> inspectors;

    private ServerCluster(List<ServerProcess> servers) {
        this.servers = servers;
        this.inspectors = servers.stream().map(Inspector::new).toList();
    }

    /** Starts {@code size} servers named {@code name-0}… on {@code database}, with {@code flags} besides its store flags. */
    public static ServerCluster start(String name, int size, Path dir, ServerDatabase database, String... flags) {
        List<String> all = new ArrayList<>(database.serverFlags());
        all.addAll(List.of(flags));
        List<ServerProcess> servers = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                servers.add(ServerProcess.start(name + "-" + i, dir.resolve(name + "-" + i), all.toArray(String[]::new)));
            }
        } catch (RuntimeException | Error e) {
            servers.forEach(ServerProcess::close);
            throw e;
        }
        return new ServerCluster(servers);
    }

    public ServerProcess server(int index) {
        return servers.get(index);
    }

    public Inspector inspector(int index) {
        return inspectors.get(index);
    }

    public int size() {
        return servers.size();
    }

    /** Every server's address, {@code host:port,host:port,…}: what a client lists. */
    public String targets() {
        return servers.stream().map(ServerProcess::target).collect(Collectors.joining(","));
    }

    /** The index of a running server; fails when none runs. */
    public int anyLive() {
        return IntStream.range(0, servers.size()).filter(i -> servers.get(i).isAlive()).findFirst()
                .orElseThrow(() -> new AssertionError("no server of the cluster runs"));
    }

    /** The indexes of the running servers. */
    public List<Integer> live() {
        return IntStream.range(0, servers.size()).filter(i -> servers.get(i).isAlive()).boxed().toList();
    }

    /** The index of the running server whose id is {@code serverId}, if any. */
    public OptionalInt indexOf(String serverId) {
        return IntStream.range(0, servers.size())
                .filter(i -> servers.get(i).isAlive() && servers.get(i).serverId().equals(serverId)).findFirst();
    }

    /**
     * The index of the running server that holds the open session of instance {@code instanceId} of
     * {@code service}, as GET /api/v1/sessions of a running server lists it; empty when no live server
     * holds one.
     */
    public OptionalInt holderOf(String service, String instanceId) {
        for (JsonNode session : inspectors.get(anyLive()).sessions(service)) {
            OptionalInt holder = indexOf(session.get("server_id").asText());
            if (session.get("instance_id").asText().equals(instanceId) && holder.isPresent()) {
                return holder;
            }
        }
        return OptionalInt.empty();
    }

    /** Starts every killed server again on its data directory and ports. */
    public void restartDead() {
        servers.stream().filter(server -> !server.isAlive()).forEach(ServerProcess::restart);
    }

    @Override
    public void close() {
        inspectors.forEach(Inspector::close);
        servers.forEach(ServerProcess::close);
    }
}
