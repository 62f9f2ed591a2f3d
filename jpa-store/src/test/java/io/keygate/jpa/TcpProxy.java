package io.keygate.jpa;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder in front of a real database, so a test can cut the network (every connection reset, new ones
 * refused) and restore it on the same port without restarting a server that other tests share.
 */
final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    int port() {
        return port;
    }

    /** Resets every open connection and refuses new ones. */
    synchronized void cut() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);   // reset, not a graceful close: what a dead network looks like
                s.close();
            } catch (IOException e) {
                // closed meanwhile by its pipe thread
            }
        }
        sockets.clear();
    }

    /** Accepts connections again on the same port. */
    synchronized void restore() throws IOException {
        ServerSocket again = new ServerSocket();
        again.setReuseAddress(true);
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        listen(again);
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    Socket server = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(server);
                    pipe(client, server);
                    pipe(server, client);
                } catch (IOException e) {
                    // listener closed by cut() or close()
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away: close both
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pipe-" + port);
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        cut();
    }
}
