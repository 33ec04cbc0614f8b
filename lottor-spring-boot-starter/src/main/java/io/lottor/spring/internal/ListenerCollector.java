package io.lottor.spring.internal;

import io.lottor.spring.LottorListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Collects every {@link LottorListener} method of the beans as they are initialized, before the client
 * says Hello, so the session is opened once with every method. Has no dependencies, so it does not
 * make other beans initialize early. Two listeners for one method are an error at startup.
 */
public final class ListenerCollector implements BeanPostProcessor {
    private static final Logger log = LoggerFactory.getLogger(ListenerCollector.class);
    private final Map<String, ListenerEndpoint> endpoints = new HashMap<>();
    private boolean taken;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        Class<?> type = AopUtils.getTargetClass(bean);
        Map<Method, LottorListener> methods = MethodIntrospector.selectMethods(type,
                (MethodIntrospector.MetadataLookup<LottorListener>) m ->
                        AnnotatedElementUtils.findMergedAnnotation(m, LottorListener.class));
        methods.forEach((method, annotation) -> add(new ListenerEndpoint(annotation.method(), bean,
                AopUtils.selectInvocableMethod(method, bean.getClass()), beanName)));
        return bean;
    }

    private synchronized void add(ListenerEndpoint endpoint) {
        if (taken) {
            log.warn("listener ignored: its bean was created after Lottor started (make it a non-lazy singleton) "
                    + "listener={}", endpoint);
            return;
        }
        ListenerEndpoint previous = endpoints.putIfAbsent(endpoint.method(), endpoint);
        if (previous != null) {
            throw new IllegalStateException("two @LottorListener methods for method " + endpoint.method() + ": "
                    + previous + " and " + endpoint);
        }
    }

    /** The listeners found so far; later ones are ignored with a warning (the session is open by then). */
    public synchronized List<ListenerEndpoint> take() {
        taken = true;
        return new ArrayList<>(endpoints.values());
    }
}
