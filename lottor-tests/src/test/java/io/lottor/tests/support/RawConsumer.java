package io.lottor.tests.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.lottor.protocol.v1.ClientFrame;
import io.lottor.protocol.v1.ConsumeResult;
import io.lottor.protocol.v1.CoordinatorGrpc;
import io.lottor.protocol.v1.Delivery;
import io.lottor.protocol.v1.Heartbeat;
import io.lottor.protocol.v1.Hello;
import io.lottor.protocol.v1.ServerFrame;

/**
 * A consumer Session over a raw gRPC stub, on its own channel, that heartbeats every 300 ms. A
 * {@link #reading} consumer takes every frame the server sends and records each delivery; a
 * {@link #stalled} one reads its Welcome and then nothing more (inbound flow control on, nothing ever
 * requested), like a client whose handler thread hangs while its heartbeat thread lives on.
 */
public final class RawConsumer implements AutoCloseable {
    private final ManagedChannel channel;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final BlockingQueue<String> welcome = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
    private final ClientCallStreamObserver<ClientFrame> requests;
    private volatile boolean ended;

    private RawConsumer(String target, Hello hello, boolean stalled) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        Observer observer = new Observer(stalled);
        CoordinatorGrpc.newStub(channel).session(observer);
        this.requests = observer.requests;
        send(ClientFrame.newBuilder().setHello(hello).build());
        heartbeats.scheduleWithFixedDelay(() -> send(ClientFrame.newBuilder()
                .setHeartbeat(Heartbeat.newBuilder().setSentAtMs(System.currentTimeMillis())).build()),
                300, 300, TimeUnit.MILLISECONDS);
    }

    /** A consumer that reads every frame; returns once its Welcome arrived. */
    public static RawConsumer reading(String target, String service, String instance, int maxInFlight,
            List<String> methods) throws InterruptedException {
        return open(target, hello(service, instance, maxInFlight, methods), false);
    }

    /** A consumer that reads its Welcome and then stops reading; returns once the Welcome arrived. */
    public static RawConsumer stalled(String target, String service, String instance, int maxInFlight,
            List<String> methods) throws InterruptedException {
        return open(target, hello(service, instance, maxInFlight, methods), true);
    }

    private static RawConsumer open(String target, Hello hello, boolean stalled) throws InterruptedException {
        RawConsumer consumer = new RawConsumer(target, hello, stalled);
        if (consumer.welcome.poll(30, TimeUnit.SECONDS) == null) {
            consumer.close();
            throw new AssertionError("no Welcome within 30 s for " + hello.getInstanceId());
        }
        return consumer;
    }

    private static Hello hello(String service, String instance, int maxInFlight, List<String> methods) {
        return Hello.newBuilder().setService(service).setInstanceId(instance).setMaxInFlight(maxInFlight)
                .addAllMethods(methods).build();
    }

    /** The next delivery, or null when none arrives within {@code timeoutMs}. */
    public Delivery nextDelivery(long timeoutMs) throws InterruptedException {
        return deliveries.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /**
     * How many times each (group, message, attempt) was delivered to this consumer, keyed
     * {@code group/message#attempt}.
     */
    public Map<String, Integer> deliveriesPerAttempt() {
        return received.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().get()));
    }

    public void succeed(Delivery delivery) {
        result(delivery, true, "");
    }

    public void fail(Delivery delivery, String error) {
        result(delivery, false, error);
    }

    /** Whether the server ended the session. */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        heartbeats.shutdownNow();
        synchronized (this) {
            if (!ended) {
                try {
                    requests.onCompleted();
                } catch (RuntimeException ignored) {
                    // the call is already gone
                }
            }
        }
        channel.shutdownNow();
    }

    private void result(Delivery delivery, boolean success, String error) {
        send(ClientFrame.newBuilder().setConsumeResult(ConsumeResult.newBuilder()
                .setGroupId(delivery.getGroupId())
                .setMessageId(delivery.getMessage().getMessageId())
                .setAttempt(delivery.getAttempt())
                .setSuccess(success)
                .setError(error)).build());
    }

    private synchronized void send(ClientFrame frame) {
        if (!ended) {
            try {
                requests.onNext(frame);
            } catch (RuntimeException e) {
                ended = true;
            }
        }
    }

    private static String key(Delivery delivery) {
        return delivery.getGroupId() + "/" + delivery.getMessage().getMessageId() + "#" + delivery.getAttempt();
    }

    /** Receives the server's frames; a stalled one asks the transport for the Welcome only. */
    private final class Observer implements ClientResponseObserver<ClientFrame, ServerFrame> {
        private final boolean stalled;
        private ClientCallStreamObserver<ClientFrame> requests;

        Observer(boolean stalled) {
            this.stalled = stalled;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ClientFrame> requestStream) {
            this.requests = requestStream;
            if (stalled) {
                requestStream.disableAutoRequestWithInitial(1);
            }
        }

        @Override
        public void onNext(ServerFrame frame) {
            switch (frame.getFrameCase()) {
                case WELCOME -> welcome.add(frame.getWelcome().getSessionId());
                case DELIVERY -> {
                    received.computeIfAbsent(key(frame.getDelivery()), k -> new AtomicInteger()).incrementAndGet();
                    deliveries.add(frame.getDelivery());
                }
                default -> { }
            }
        }

        @Override
        public void onError(Throwable error) {
            ended = true;
        }

        @Override
        public void onCompleted() {
            ended = true;
        }
    }
}
