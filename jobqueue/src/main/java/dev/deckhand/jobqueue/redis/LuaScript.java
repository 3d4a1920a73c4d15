package dev.deckhand.jobqueue.redis;

import redis.clients.jedis.UnifiedJedis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of the job queue's Lua scripts ({@code lua/NAME.lua}, with the shared helpers of
 * {@code lua/common.lua} prepended), run through {@link RedisScript} so callers never manage loading.
 * The scripts take no KEYS: every key is built from the prefix in ARGV[1] ({@code common.lua}).
 */
final class LuaScript {

    private static final String COMMON = read("common");

    private final String name;
    private final RedisScript script;

    private LuaScript(String name, String source) {
        this.name = name;
        this.script = new RedisScript(source);
    }

    static LuaScript load(String name) {
        return new LuaScript(name, COMMON + "\n" + read(name));
    }

    Object run(UnifiedJedis redis, List<String> args) {
        return script.run(redis, List.of(), args);
    }

    String name() {
        return name;
    }

    private static String read(String name) {
        String path = "/dev/deckhand/jobqueue/lua/" + name + ".lua";
        try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
