package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bahe.core.export.RepresentationTable;
import dev.bahe.examples.data.SyntheticGenerator;
import dev.bahe.examples.data.SyntheticSpec;
import dev.bahe.examples.data.TabularDatasetWriter;
import dev.bahe.examples.data.TabularFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encode → train → evaluate → export through the command line on a small TSV dataset with a tiny random BERT and
 * the default file store (shared by the commands), checking the JSON each command writes. About 30 s.
 */
@Tag("slow")
class CommandsEndToEndTest {

  @TempDir
  Path dir;

  private final ObjectMapper json = new ObjectMapper();

  private List<String> args(String command, Path data, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of(command, "--data", "tsv", "--data-path", data.toString(),
        "--set", "backbone.name=tiny-bert", "--set", "encoder.name=djl",
        "--set", "sequence.maxBehaviorsPerType=4", "--set", "sequence.textLength=96",
        "--set", "training.batchSize=8", "--set", "output=" + out));
    a.addAll(List.of(extra));
    return a;
  }

  private JsonNode run(List<String> args, Path jsonFile) throws IOException {
    List<String> a = new ArrayList<>(args);
    a.addAll(List.of("--json", jsonFile.toString()));
    CliRun run = CliRun.of(a.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return json.readTree(jsonFile.toFile());
  }

  @Test
  void encodeTrainEvaluateExport() throws IOException {
    Path data = dir.resolve("data");
    TabularDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSpec(30, 24, 5, 20, 8, 360)).dataset(),
        data, TabularFormat.TSV);
    Path out = dir.resolve("out");

    JsonNode encode = run(args("encode", data, out), dir.resolve("encode.json"));
    int unique = encode.at("/result/abe/uniqueBehaviors").asInt();
    assertThat(unique).isPositive();
    assertThat(encode.at("/result/abe/complete").asBoolean()).isTrue();
    assertThat(encode.at("/result/storeSize").asLong()).isEqualTo(unique);
    assertThat(encode.at("/config/backbone/name").asText()).isEqualTo("tiny-bert");

    JsonNode train = run(args("train", data, out, "--variant", "bahe", "--epochs", "1", "--steps", "3"),
        dir.resolve("train.json"));
    assertThat(train.at("/result/variant").asText()).isEqualTo("bahe");
    // the file store written by encode is reused: nothing is encoded again
    assertThat(train.at("/result/abe/encodedNow").asInt()).isZero();
    assertThat(train.at("/result/abe/skippedAlreadyStored").asInt()).isEqualTo(unique);
    assertThat(train.at("/result/training/steps").asLong()).isEqualTo(3);
    assertThat(train.at("/result/test/count").asLong()).isEqualTo(train.at("/result/testImpressions").asLong());
    assertThat(train.at("/result/test/auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(train.at("/result/peakRssMb").asDouble()).isPositive();
    Path checkpoint = Path.of(train.at("/result/checkpoint").asText());
    assertThat(checkpoint.resolve("model.params")).isRegularFile();
    assertThat(checkpoint.resolve("config.yaml")).isRegularFile();

    // evaluate reads the checkpoint's config; the same test split gives the same AUC as at the end of training
    Path predictions = dir.resolve("predictions.tsv");
    JsonNode eval = run(List.of("evaluate", "--checkpoint", checkpoint.toString(), "--predictions",
        predictions.toString()), dir.resolve("eval.json"));
    assertThat(eval.at("/result/evaluation/auc").asDouble())
        .isCloseTo(train.at("/result/test/auc").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(Files.readAllLines(predictions)).hasSize((int) eval.at("/result/evaluation/count").asLong() + 1);
    assertThat(eval.at("/result/downstream").isNull()).isTrue();

    // AUC_d of the checkpoint: the production-style dnn with and without its representations, on the whole test split
    JsonNode aucD = run(List.of("evaluate", "--checkpoint", checkpoint.toString(), "--auc-d"),
        dir.resolve("auc-d.json"));
    JsonNode withReps = aucD.at("/result/downstream/withRepresentations");
    JsonNode dnn = aucD.at("/result/downstream/dnn");
    assertThat(withReps.at("/name").asText()).isEqualTo("test");
    assertThat(withReps.at("/auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(dnn.at("/auc").asDouble()).isBetween(0.0, 1.0);
    assertThat(withReps.at("/count").asLong()).isEqualTo(dnn.at("/count").asLong())
        .isEqualTo(aucD.at("/result/evaluation/count").asLong());

    JsonNode export = run(List.of("export", "--checkpoint", checkpoint.toString(), "--split", "all"),
        dir.resolve("export.json"));
    assertThat(export.at("/result/items").asInt()).isEqualTo(24);
    assertThat(export.at("/result/userDimension").asInt()).isPositive();
    Path users = Path.of(export.at("/result/usersFile").asText());
    assertThat(users.getFileName().toString()).isEqualTo(ExportCommand.USERS_FILE);
    RepresentationTable table = RepresentationTable.load(users, Path.of(export.at("/result/itemsFile").asText()));
    assertThat(table.items()).isEqualTo(24);
    assertThat(table.userDimension()).isEqualTo(export.at("/result/userDimension").asInt());
    assertThat((long) table.users()).isLessThanOrEqualTo(export.at("/result/impressions").asLong()).isPositive();
  }
}
