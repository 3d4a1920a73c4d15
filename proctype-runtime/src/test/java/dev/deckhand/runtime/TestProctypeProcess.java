package dev.deckhand.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link TestProctype} as a real OS process, the way operators run a proctype: this test
 * classpath, working directory {@code root}, only PATH and HOME from the test's environment plus
 * {@code env}, stdout and stderr together into {@code output}.
 */
final class TestProctypeProcess {

    private TestProctypeProcess() {
    }

    static Process launch(Path root, Map<String, String> env, Path output, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TestProctype.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().keySet().removeIf(k -> !k.equals("PATH") && !k.equals("HOME"));
        pb.environment().putAll(env);
        return pb.start();
    }
}
