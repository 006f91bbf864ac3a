package dev.bahe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress output on a terminal and in a file: one line per update, the final state once and ended by a newline
 * before the next log line, a log line written while the bar is drawn on a line of its own, and the extra message
 * set off from the speed.
 */
class ProgressTest {

  private static final Logger LOG = LoggerFactory.getLogger("dev.bahe.progresstest");

  private static void awaitFirstDraw(ByteArrayOutputStream bytes) throws InterruptedException {
    for (int i = 0; i < 200 && bytes.size() == 0; i++) {
      Thread.sleep(10);
    }
    assertThat(bytes.size()).as("the bar's first draw").isPositive();
  }

  private static int occurrences(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void onATerminalTheFinalLineIsWrittenOnceAndEndedBeforeTheNextLogLine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PrintStream standardError = System.err;

    ProgressBar bar = Progress.bar("train bahe", 4, "steps", new Progress.Output(true, terminal, line -> {}, true, 120));
    try {
      awaitFirstDraw(bytes);
      bar.stepTo(2);
      bar.setExtraMessage("epoch 1 loss 0.6931");
      bar.refresh();
      // a log line while the bar is drawn, through logback to standard error
      LOG.warn("epoch 1 done");
      bar.stepTo(4);
      bar.setExtraMessage("epoch 2: valid AUC 0.6032");
    } finally {
      bar.close();
    }
    assertThat(System.err).as("standard error is given back").isSameAs(standardError);
    terminal.print("12:00:01.000 INFO  Trainer - the next log line\n");

    String text = bytes.toString(StandardCharsets.UTF_8);
    List<String> lines = Arrays.asList(text.split("\n", -1));
    // what a terminal shows of each line: the text after its last carriage return, trailing blanks trimmed
    List<String> shown = lines.stream().map(l -> l.substring(l.lastIndexOf('\r') + 1).stripTrailing()).toList();
    assertThat(occurrences(text, "epoch 2: valid AUC 0.6032")).as(text).isEqualTo(1);
    assertThat(text).as(text).containsPattern("train bahe 100% \\[=+\\] 4/4 steps \\(\\d:\\d\\d:\\d\\d / \\d:\\d\\d:\\d\\d\\)"
        + " \\S+ steps/s \\| epoch 2: valid AUC 0\\.6032\n12:00:01\\.000 INFO  Trainer - the next log line\n$");
    assertThat(text).contains("steps/s | epoch 1 loss 0.6931\n");
    assertThat(shown).anySatisfy(l -> assertThat(l).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  progresstest - epoch 1"
        + " done"));
    // no line holds both a bar and a log message
    assertThat(shown).noneMatch(l -> l.contains("[") && (l.contains("WARN") || l.contains("INFO")));
    // every drawn state differs from the one before it
    List<String> draws = new ArrayList<>();
    for (String line : lines) {
      for (String part : line.split("\r")) {
        if (part.startsWith("train bahe")) {
          draws.add(part.stripTrailing());
        }
      }
    }
    assertThat(draws).allSatisfy(d -> assertThat(d.length()).as(d).isLessThanOrEqualTo(120));
    for (int i = 1; i < draws.size(); i++) {
      assertThat(draws.get(i)).as("draw %d of %s", i, draws).isNotEqualTo(draws.get(i - 1));
    }
    assertThat(Collections.frequency(shown, shown.get(shown.size() - 3))).isEqualTo(1);
  }

  @Test
  void inAFileEachUpdateIsOneLogLineAndTheFinalStateIsNotRepeated() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream notUsed = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    List<String> logLines = Collections.synchronizedList(new ArrayList<>());

    try (ProgressBar bar = Progress.bar("ABE", 3, "behaviours", new Progress.Output(false, notUsed, logLines::add,
        false, 0))) {
      for (int i = 0; i < 200 && logLines.isEmpty(); i++) {
        Thread.sleep(10);
      }
      bar.stepTo(3);
      bar.setExtraMessage("done");
    }

    assertThat(bytes.size()).as("nothing drawn in place").isZero();
    assertThat(logLines).as("%s", logLines).hasSize(2);
    assertThat(logLines.get(0)).startsWith("ABE   0% [").contains("0/3 behaviours");
    assertThat(logLines.get(1)).startsWith("ABE 100% [").contains("3/3 behaviours").endsWith("behaviours/s | done");
    assertThat(logLines).allSatisfy(l -> assertThat(l).doesNotContain("\r").doesNotContain("\n"));
  }

  @Test
  void repeatedLinesAreDroppedOnlyWhenEqualToTheOneBefore() {
    List<String> out = new ArrayList<>();
    var distinct = Progress.distinct(out::add);

    List.of("a", "a", "b", "a", "a").forEach(distinct);

    assertThat(out).containsExactly("a", "b", "a");
  }

  @Test
  void terminalDevicesAreRecognisedByName() {
    assertThat(Progress.isTerminalDevice("/dev/pts/3")).isTrue();
    assertThat(Progress.isTerminalDevice("/dev/tty1")).isTrue();
    assertThat(Progress.isTerminalDevice("/tmp/bahe.log")).isFalse();
    assertThat(Progress.isTerminalDevice("pipe:[12345]")).isFalse();
    assertThat(Progress.isTerminalDevice("/dev/null")).isFalse();
  }
}
