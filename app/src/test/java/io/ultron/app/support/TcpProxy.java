package io.ultron.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain TCP forwarder on a free local port, for tests that take a dependency away: {@link #cut()} closes every
 * forwarded connection and refuses new ones (as a stopped server would), {@link #restore()} accepts them again
 * on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = listen(0);
    }

    public int port() {
        return port;
    }

    /** Refuses new connections and breaks the open ones. */
    public synchronized void cut() {
        closeQuietly(listener);
        listener = null;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Accepts connections again. */
    public synchronized void restore() {
        if (listener == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private int listen(int onPort) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            listener = socket;
            daemon("tcp-proxy-accept-" + socket.getLocalPort(), () -> accept(socket));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                continue; // closed by cut()
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(server);
                if (listener != socket) {
                    // cut() ran while this connection was being set up
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                daemon("tcp-proxy-up", () -> pump(client, server));
                daemon("tcp-proxy-down", () -> pump(server, client));
            } catch (IOException e) {
                closeQuietly(client); // the target refused: so does the proxy
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
