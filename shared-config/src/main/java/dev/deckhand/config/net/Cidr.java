package dev.deckhand.config.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a bare address
 * means a single host. Parsing never does DNS: only literal addresses are accepted.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static Cidr parse(String value) {
        String v = value.strip();
        String addr = v;
        Integer prefix = null;
        int slash = v.indexOf('/');
        if (slash >= 0) {
            addr = v.substring(0, slash);
            try {
                prefix = Integer.parseInt(v.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + v + "' has a non-numeric prefix length");
            }
        }
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + v + "' is not an IPv4/IPv6 address or CIDR");
        }
        int max = bytes.length * 8;
        int p = prefix == null ? max : prefix;
        if (p < 0 || p > max) {
            throw new IllegalArgumentException("'" + v + "' prefix length must be 0-" + max);
        }
        return new Cidr(mask(bytes, p), p, v);
    }

    /** Parses a comma-separated list; blank means an empty list. */
    public static List<Cidr> parseList(String value) {
        List<Cidr> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            a = convert(a, network.length);
            if (a == null) {
                return false;
            }
        }
        return java.util.Arrays.equals(mask(a, prefix), network);
    }

    public static boolean anyContains(List<Cidr> cidrs, InetAddress address) {
        for (Cidr c : cidrs) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** IPv4-mapped IPv6 (::ffff:a.b.c.d) matches IPv4 networks and vice versa. */
    private static byte[] convert(byte[] a, int len) {
        if (a.length == 16 && len == 4) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return null;
                }
            }
            if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
                return null;
            }
            return java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length == 4 && len == 16) {
            byte[] out = new byte[16];
            out[10] = (byte) 0xff;
            out[11] = (byte) 0xff;
            System.arraycopy(a, 0, out, 12, 4);
            return out;
        }
        return null;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (bits == 0 ? 0 : (0xff << (8 - bits)));
        }
        return out;
    }

    /** Only literal IPs: InetAddress.getByName would resolve names. */
    static byte[] literal(String s) {
        if (s.isEmpty()) {
            return null;
        }
        String a = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        boolean v4 = a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = a.contains(":") && a.matches("[0-9a-fA-F:.%]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String octet : a.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
