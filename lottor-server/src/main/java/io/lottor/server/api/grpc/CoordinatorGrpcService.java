package io.lottor.server.api.grpc;

import com.google.protobuf.Empty;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.CommitRequest;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.GetGroupRequest;
import io.lottor.protocol.v1.Group;
import io.lottor.protocol.v1.GroupStatesRequest;
import io.lottor.protocol.v1.GroupStatesResponse;
import io.lottor.protocol.v1.GroupStatus;
import io.lottor.protocol.v1.PrepareRequest;
import io.lottor.protocol.v1.PrepareResponse;
import io.lottor.protocol.v1.ProduceCall;
import io.lottor.protocol.v1.ProduceReply;
import io.lottor.protocol.v1.RollbackRequest;
import io.lottor.protocol.v1.ServerFrame;
import io.lottor.server.api.InboundBudget;
import io.lottor.server.coordinator.Coordinator;
import io.lottor.server.coordinator.SessionOperations;
import io.lottor.server.model.Caller;
import io.lottor.server.model.GroupState;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The gRPC transport: each RPC, and each call on the Produce stream, maps its request to one
 * {@link Coordinator} call; the Session stream and
 * ReportConsumption map theirs to {@link SessionOperations}. Protobuf types go no further than this package.
 */
public final class CoordinatorGrpcService extends CoordinatorGrpc.CoordinatorImplBase implements AutoCloseable {
    private final Coordinator coordinator;
    private final SessionStream.SessionServices sessions;
    private final Executor offLoop;
    private final boolean callersBound;
    private final InboundBudget inbound;
    private final Consumer<String> streamCalls;

    /**
     * @param maxRequestBytes the Prepare limit, which bounds every Delivery frame (told in Welcome)
     * @param offLoop         where Produce calls that must not run on an event loop run (the call pool)
     * @param callersBound    whether client tokens may bind callers to services (Commit and Rollback then
     *                        read the group's source before they act)
     * @param inbound         the request bytes the transports may hold at once, which Produce calls count in
     * @param streamCalls     told of each call on a Produce stream: {@code prepare}, {@code commit} or
     *                        {@code rollback}
     */
    public CoordinatorGrpcService(Coordinator coordinator, SessionOperations operations, String serverId, Clock clock,
                                  long heartbeatIntervalMs, int maxRequestBytes, Executor offLoop,
                                  boolean callersBound, InboundBudget inbound, Consumer<String> streamCalls) {
        this.streamCalls = streamCalls;
        this.coordinator = coordinator;
        this.offLoop = offLoop;
        this.callersBound = callersBound;
        this.inbound = inbound;
        this.sessions = new SessionStream.SessionServices(operations, new SessionKeeper(heartbeatIntervalMs, clock),
                clock, serverId, heartbeatIntervalMs, SessionStream.maxFrameBytes(maxRequestBytes));
    }

    @Override
    public void prepare(PrepareRequest request, StreamObserver<PrepareResponse> responses) {
        answer(coordinator.prepare(caller(), ProtoMapping.newGroup(request)),
                state -> PrepareResponse.newBuilder().setState(ProtoMapping.state(state)).build(), responses);
    }

    @Override
    public void commit(CommitRequest request, StreamObserver<GroupStatus> responses) {
        answer(coordinator.commit(caller(), request.getGroupId()), status(request.getGroupId()), responses);
    }

    @Override
    public void rollback(RollbackRequest request, StreamObserver<GroupStatus> responses) {
        answer(coordinator.rollback(caller(), request.getGroupId(), request.getReason()), status(request.getGroupId()),
                responses);
    }

    @Override
    public void getGroup(GetGroupRequest request, StreamObserver<Group> responses) {
        answer(coordinator.getGroup(caller(), request.getGroupId()), ProtoMapping::group, responses);
    }

    @Override
    public void groupStates(GroupStatesRequest request, StreamObserver<GroupStatesResponse> responses) {
        answer(coordinator.groupStates(request.getGroupIdsList()), ProtoMapping::groupStates, responses);
    }

    @Override
    public void reportConsumption(ConsumeResult request, StreamObserver<Empty> responses) {
        answer(sessions.operations().report(caller(), ProtoMapping.result(request)),
                ignored -> Empty.getDefaultInstance(), responses);
    }

    @Override
    public StreamObserver<ProduceCall> produce(StreamObserver<ProduceReply> replies) {
        return new ProduceStream((ServerCallStreamObserver<ProduceReply>) replies, coordinator, caller(), offLoop,
                callersBound, inbound, streamCalls);
    }

    @Override
    public StreamObserver<ClientFrame> session(StreamObserver<ServerFrame> responses) {
        ServerCallStreamObserver<ServerFrame> call = (ServerCallStreamObserver<ServerFrame>) responses;
        String remote = String.valueOf(RemoteAddress.KEY.get());
        return new SessionStream(call, sessions, remote, caller());
    }

    /** Closes every open session. */
    @Override
    public void close() {
        sessions.keeper().close();
    }

    /** The caller of the current call, put into the context by {@link ClientTokenInterceptor}. */
    private static Caller caller() {
        return ClientTokenInterceptor.CALLER.get();
    }

    private static Function<GroupState, GroupStatus> status(String groupId) {
        return state -> GroupStatus.newBuilder().setGroupId(groupId).setState(ProtoMapping.state(state)).build();
    }

    private static <T, R> void answer(CompletableFuture<T> result, Function<T, R> toProto, StreamObserver<R> responses) {
        result.whenComplete((value, error) -> {
            if (error != null) {
                responses.onError(GrpcErrors.toStatus(error));
            } else {
                responses.onNext(toProto.apply(value));
                responses.onCompleted();
            }
        });
    }

    /** Puts the caller's address into the gRPC context, for the admin view of sessions. */
    public static final class RemoteAddress implements ServerInterceptor {
        static final Context.Key<Object> KEY = Context.key("lottor-remote-address");

        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                            ServerCallHandler<Q, A> next) {
            Object address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            return Contexts.interceptCall(Context.current().withValue(KEY, address), call, headers, next);
        }
    }
}
