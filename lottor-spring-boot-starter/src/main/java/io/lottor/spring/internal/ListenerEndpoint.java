package io.lottor.spring.internal;

import io.lottor.spring.LottorListener;
import io.lottor.spring.LottorMessage;
import java.lang.reflect.Method;
import java.lang.reflect.Type;

/**
 * One {@link LottorListener} method of one bean, checked: one or two parameters, the second a
 * {@link LottorMessage}.
 *
 * @param method    the consumed method name
 * @param bean      the bean (a proxy when it has one, so its own advice such as transactions applies)
 * @param handler   the method to invoke on {@code bean}
 * @param beanName  for messages
 */
public record ListenerEndpoint(String method, Object bean, Method handler, String beanName) {

    public ListenerEndpoint {
        int count = handler.getParameterCount();
        if (count < 1 || count > 2 || (count == 2 && handler.getParameterTypes()[1] != LottorMessage.class)) {
            throw new IllegalStateException("@LottorListener method " + beanName + "." + handler.getName()
                    + " must take (Payload) or (Payload, LottorMessage)");
        }
        if (method.isBlank()) {
            throw new IllegalStateException("@LottorListener on " + beanName + "." + handler.getName()
                    + " needs a method name");
        }
        handler.setAccessible(true);
    }

    /** The declared payload type, generics included. */
    public Type payloadType() {
        return handler.getGenericParameterTypes()[0];
    }

    /** Whether the method takes the {@link LottorMessage} too. */
    public boolean wantsMessage() {
        return handler.getParameterCount() == 2;
    }

    @Override
    public String toString() {
        return beanName + "." + handler.getName() + "(" + method + ")";
    }
}
