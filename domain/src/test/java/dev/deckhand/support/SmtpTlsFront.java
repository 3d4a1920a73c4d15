package dev.deckhand.support;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TLS in front of GreenMail's plain SMTP port (GreenMail has no STARTTLS): either implicit TLS
 * (smtps) or a real STARTTLS exchange (EHLO advertises only STARTTLS, every other command before
 * the upgrade is refused with 530 and recorded), after which the TLS stream is relayed byte for
 * byte to GreenMail, which then does EHLO, AUTH and the mail itself. When GreenMail is down the
 * client's connection is closed after the handshake.
 */
public final class SmtpTlsFront implements AutoCloseable {

    public enum Mode { STARTTLS, IMPLICIT }

    private final Mode mode;
    private final SSLContext tls;
    private final int backendPort;
    private final ServerSocket listener;
    public final AtomicInteger tlsSessions = new AtomicInteger();
    public final List<String> clearTextCommands = new CopyOnWriteArrayList<>();

    public SmtpTlsFront(Mode mode, SSLContext tls, int backendPort) throws IOException {
        this.mode = mode;
        this.tls = tls;
        this.backendPort = backendPort;
        InetAddress lo = InetAddress.getLoopbackAddress();
        this.listener = mode == Mode.IMPLICIT
                ? tls.getServerSocketFactory().createServerSocket(0, 50, lo)
                : new ServerSocket(0, 50, lo);
        Thread t = new Thread(this::acceptLoop, "smtp-front-" + mode);
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Thread t = new Thread(() -> serve(client), "smtp-front-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            Socket secure = mode == Mode.IMPLICIT ? client : startTls(client);
            if (secure == null) {
                return;
            }
            if (secure instanceof SSLSocket s) {
                s.startHandshake();
            }
            tlsSessions.incrementAndGet();
            try (secure; Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort)) {
                if (mode == Mode.STARTTLS) {
                    readLine(backend.getInputStream()); // GreenMail's greeting: the client already had ours
                }
                Thread up = pipe(secure.getInputStream(), backend.getOutputStream());
                pipe(backend.getInputStream(), secure.getOutputStream()).join();
                up.join(1000);
            }
        } catch (IOException | InterruptedException e) {
            // the client sees its connection closed
        }
    }

    private Socket startTls(Socket client) throws IOException {
        InputStream in = client.getInputStream();
        OutputStream out = client.getOutputStream();
        write(out, "220 front ESMTP ready\r\n");
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO", "HELO" -> write(out, "250-front\r\n250 STARTTLS\r\n");
                case "STARTTLS" -> {
                    write(out, "220 2.0.0 Ready to start TLS\r\n");
                    SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(client,
                            client.getInetAddress().getHostAddress(), client.getPort(), true);
                    s.setUseClientMode(false);
                    return s;
                }
                case "QUIT" -> {
                    write(out, "221 bye\r\n");
                    return null;
                }
                default -> {
                    clearTextCommands.add(line);
                    write(out, "530 5.7.0 Must issue a STARTTLS command first\r\n");
                }
            }
        }
    }

    private static Thread pipe(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = from.read(buf)) != -1; ) {
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }, "smtp-front-pipe");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One CRLF-terminated line, read byte by byte so nothing after it is consumed. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).stripTrailing();
            }
            line.write(b);
        }
        return null;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
