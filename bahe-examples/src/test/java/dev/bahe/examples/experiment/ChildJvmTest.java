package dev.bahe.examples.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The child JVM's command line carries this JVM's engine settings, its heap and classpath, then the main class. */
class ChildJvmTest {

  @Test
  void engineSettingsArePassedOnAndOfflineDefaultsToTrue() {
    Properties properties = new Properties();
    properties.setProperty("ai.djl.pytorch.num_threads", "1");
    properties.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    properties.setProperty("user.name", "someone");

    assertThat(ChildJvm.engineSettings(properties)).containsExactly(
        Map.entry("ai.djl.offline", "true"),
        Map.entry("ai.djl.pytorch.graph_optimizer", "false"),
        Map.entry("ai.djl.pytorch.num_threads", "1"));
  }

  @Test
  void anExplicitOfflineSettingWins() {
    Properties properties = new Properties();
    properties.setProperty("ai.djl.offline", "false");

    assertThat(ChildJvm.engineSettings(properties)).containsExactly(Map.entry("ai.djl.offline", "false"));
  }

  @Test
  void commandLineHasHeapSettingsClasspathMainClassAndArguments() {
    ChildJvm jvm = new ChildJvm("3g", Map.of("ai.djl.pytorch.num_threads", "1", "ai.djl.offline", "true"));

    List<String> command = jvm.command(VariantWorker.class, List.of("train", "run.yaml"));

    assertThat(command.subList(1, command.size())).containsExactly("-Xmx3g", "-Dai.djl.offline=true",
        "-Dai.djl.pytorch.num_threads=1", "-cp", System.getProperty("java.class.path"),
        VariantWorker.class.getName(), "train", "run.yaml");
  }
}
