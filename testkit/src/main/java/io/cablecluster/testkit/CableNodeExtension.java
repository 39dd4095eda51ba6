package io.cablecluster.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node per test class, registered as a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final CableNodeExtension node = CableNodeExtension.inProcess(
 *     flags -&gt; CableNode.start(Settings.of(flags)), () -&gt; Map.of("public", "true"));
 * </pre>
 * or {@link #jvm} for a node in its own JVM. Flags/arguments are supplied lazily, at {@code beforeAll},
 * so they may name resources (a Redis URL, a backend port) that earlier extensions or fields started.
 * The node stops after the class, also when a test failed.
 */
public final class CableNodeExtension implements BeforeAllCallback, AfterAllCallback {
  private static final Duration HEALTHY = Duration.ofSeconds(90);
  private final NodeLauncher launcher;
  private final Supplier<Map<String, String>> flags;
  private final Supplier<List<String>> jvmArgs;
  private InProcessNode inProcess;
  private NodeJvm jvm;
  private Path logDir;

  private CableNodeExtension(NodeLauncher launcher, Supplier<Map<String, String>> flags,
                             Supplier<List<String>> jvmArgs) {
    this.launcher = launcher;
    this.flags = flags;
    this.jvmArgs = jvmArgs;
  }

  /** A node in this JVM with {@code flags} on top of {@link InProcessNode#DEFAULTS}. */
  public static CableNodeExtension inProcess(NodeLauncher launcher, Supplier<Map<String, String>> flags) {
    return new CableNodeExtension(launcher, flags, null);
  }

  public static CableNodeExtension inProcess(NodeLauncher launcher, Map<String, String> flags) {
    return inProcess(launcher, () -> flags);
  }

  /** A node in its own JVM from the test classpath ({@link NodeJvm}); started when /health answers 200. */
  public static CableNodeExtension jvm(Supplier<List<String>> args) {
    return new CableNodeExtension(null, null, args);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (launcher != null) {
      inProcess = InProcessNode.start(launcher, flags.get());
      return;
    }
    try {
      logDir = Files.createTempDirectory("cable-node-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jvm = NodeJvm.start(context.getRequiredTestClass().getSimpleName(), logDir, Map.of(), List.of(),
        jvmArgs.get().toArray(String[]::new));
    jvm.awaitHealthy(HEALTHY);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (inProcess != null) {
      inProcess.close();
      inProcess = null;
    }
    if (jvm != null) {
      jvm.close();
      jvm = null;
    }
  }

  /** The node's main port. */
  public int port() {
    return inProcess != null ? inProcess.port() : jvm().port();
  }

  /** The in-process node (fails for a JVM node). */
  public InProcessNode node() {
    if (inProcess == null) {
      throw new IllegalStateException("no in-process node (a JVM node, or outside the test class)");
    }
    return inProcess;
  }

  /** The node's JVM (fails for an in-process node). */
  public NodeJvm jvm() {
    if (jvm == null) {
      throw new IllegalStateException("no node JVM (an in-process node, or outside the test class)");
    }
    return jvm;
  }

  /** The directory of a JVM node's log, kept after the run for post-mortems. */
  public Path logDir() {
    return logDir;
  }
}
