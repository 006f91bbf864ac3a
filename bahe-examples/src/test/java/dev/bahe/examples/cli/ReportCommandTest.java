package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bahe.core.config.ConfigLoader;
import dev.bahe.examples.experiment.ResultsReport;
import dev.bahe.examples.experiment.VariantResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bahe report} over two experiment outputs: one table, the AUC-against-T chart, and refusals. */
class ReportCommandTest {

  @TempDir
  Path dir;

  private Path output(String name, List<VariantResult> results) throws IOException {
    Path out = dir.resolve(name);
    Files.createDirectories(out.resolve("runs"));
    ConfigLoader loader = new ConfigLoader();
    Files.writeString(out.resolve("runs").resolve("run.yaml"), loader.toYaml(loader.defaults()));
    new ResultsReport(name, Map.of("command", "bahe sweep-length", "maxValidSamples", 0, "maxTestSamples", 0))
        .write(results, out);
    return out;
  }

  private static VariantResult run(String variant, int length, double auc) {
    return new VariantResult(variant, length, auc, 0.6, 0.6, 100.0, 10.0, 1000.0, Double.NaN, Double.NaN, 1000, 0,
        "ok");
  }

  @Test
  void combinesTwoSweepsIntoOneReportWithTheLengthChart() throws IOException {
    Path bahe = output("bahe", List.of(run("stats", 0, 0.5068), run("bahe", 128, 0.71), run("bahe", 2048, 0.75)));
    Path llm = output("llm", List.of(run("stats", 0, 0.5068), run("llm-ctr", 128, 0.70)));
    Path combined = dir.resolve("combined");

    CliRun r = CliRun.of("report", bahe.toString(), llm.toString(), "--output", combined.toString(),
        "--title", "Sweep", "--json", dir.resolve("report.json").toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    String md = Files.readString(combined.resolve("report.md"));
    assertThat(md).startsWith("# Sweep").contains("## Text length T = 128").contains("## Text length T = 2048")
        .contains("| llm-ctr | 0.7000").contains("| bahe | 0.7500").contains("- source 2: `" + llm + ": llm (bahe sweep-length")
        .contains("![AUC against T](auc-by-length.png)");
    assertThat(md.split("\\| stats \\|", -1)).as("stats once per table (two tables)").hasSize(3);
    assertThat(ImageIO.read(combined.resolve("auc-by-length.png").toFile())).isNotNull();
    assertThat(Files.readString(dir.resolve("report.json"))).contains("\"llm-ctr\"").contains("\"command\" : \"report\"");
  }

  @Test
  void aRepeatedRowAndSettingsThatWouldChangeNothingAreErrors() throws IOException {
    Path a = output("a", List.of(run("bahe", 128, 0.71)));
    Path b = output("b", List.of(run("bahe", 128, 0.72)));

    CliRun twice = CliRun.of("report", a.toString(), b.toString(), "--output", dir.resolve("x").toString());
    assertThat(twice.exitCode()).as(twice.toString()).isNotZero();
    assertThat(twice.err()).contains("bahe T=128 is in both");

    CliRun set = CliRun.of("report", a.toString(), "--output", dir.resolve("y").toString(), "--set", "seed=1");
    assertThat(set.exitCode()).as(set.toString()).isNotZero();
    assertThat(set.err()).contains("--config and --set would change nothing");
  }
}
