package io.keygate.sample.app;

import io.netty.util.internal.InternalThreadLocalMap;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;

/**
 * Removes Netty's per-thread map from the container's request threads at the end of each request.
 *
 * <p>With {@code KEYGATE_REDIS_URL} set, the rate limiter and the revocation broadcast call Lettuce (Netty) from
 * request threads, and Netty attaches an {@code InternalThreadLocalMap} to every thread that touches it. Those
 * threads belong to the container and outlive the web application, so the map would pin the application's class
 * loader after undeploy (Tomcat reports it as a ThreadLocal memory leak). Without Redis nothing is attached and
 * this is a single null check.
 */
public class NettyThreadLocalCleaner implements ServletRequestListener {

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        clean();
    }

    /** Removes the calling thread's Netty map, if it has one (also used after start and stop of the application). */
    static void clean() {
        if (InternalThreadLocalMap.getIfSet() != null) {
            InternalThreadLocalMap.remove();
        }
    }
}
