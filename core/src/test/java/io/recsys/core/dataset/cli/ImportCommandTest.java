package io.recsys.core.dataset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.ErrorPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImportCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(ImportCommand command, String... args) {
    CommandLine cli = ImportCommand.commandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int run(String... args) {
    return run(new ImportCommand(), args);
  }

  private Path movieLensCsv(String... ratingRows) throws IOException {
    Path data = Files.createDirectories(dir.resolve("ml"));
    Files.writeString(data.resolve("movies.csv"),
        "movieId,title,genres\n1,Toy Story (1995),Animation|Comedy\n2,\"American President, The (1995)\",Drama\n");
    Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n" + String.join("\n", ratingRows) + "\n");
    return data;
  }

  @Test
  void exitsZeroAndSummarisesAValidDataset() throws IOException {
    Path data = movieLensCsv("1,1,4,1112486027", "1,2,3.5,1112484676", "2,1,5,1112489999");

    int exit = run("--data", data.toString());

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("format:        movielens-csv (" + data + ")")
        .contains("interactions:  3 (rating 3)")
        .contains("users:         2 distinct")
        .contains("items:         2 distinct")
        .contains("item rows:     2")
        .contains("time range:    " + Instant.ofEpochSecond(1112484676) + " .. " + Instant.ofEpochSecond(1112489999))
        .contains("peak heap:")
        .doesNotContain("skipped")
        .doesNotContain("written");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void exitsOneWithFileAndLineOnABadRowUnderFail() throws IOException {
    Path data = movieLensCsv("1,1,4,1112486027", "1,2,four,1112484676");

    int exit = run("--data", data.toString(), "--format", "movielens-csv");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).isEqualTo(
        "error: " + data.resolve("ratings.csv") + ":3: rating is not a number: 'four'" + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void summarisesSkippedRowsByReasonWithTheirFirstPlace() throws IOException {
    Path data = movieLensCsv("1,1,4,1112486027", "1,2,four,1112484676", "2,,4,1112486027", "2,2,x,1112486027");

    int exit = run("--data", data.toString(), "--on-error", "skip");

    assertThat(exit).isZero();
    Path ratings = data.resolve("ratings.csv");
    assertThat(out.toString())
        .contains("interactions:  1 (rating 1)")
        .contains("skipped:       3 rows")
        .contains("  rating is not a number: 2 (first at " + ratings + ":3)")
        .contains("  empty item id: 1 (first at " + ratings + ":4)");
  }

  @Test
  void writesTheCanonicalFormatThatReadsBackEqual() throws IOException {
    Path data = Files.createDirectories(dir.resolve("ml-100k"));
    Files.write(data.resolve("u.data"), "196\t1\t3\t881250949\n186\t2\t4\t891717742\n196\t2\t1\t881250950\n".getBytes(StandardCharsets.UTF_8));
    Files.write(data.resolve("u.item"), ("1|Misérables, Les (1995)|01-Jan-1995|||" + "0|".repeat(8) + "1" + "|0".repeat(10)
        + "\n2|Heat (1995)|||" + "|0".repeat(19) + "\n").getBytes(StandardCharsets.ISO_8859_1));
    Files.writeString(data.resolve("u.user"), "196|49|M|writer|55105\n186|39|F|executive|00000\n");
    Path target = dir.resolve("canonical");

    int exit = run("--data", data.toString(), "--out", target.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("written:       " + target);
    Dataset source = Datasets.load(data, null, ErrorPolicy.FAIL);
    Dataset copy = Datasets.load(target, DatasetFormat.GENERIC, ErrorPolicy.FAIL);
    assertThat(rows(copy)).isEqualTo(rows(source)).hasSize(3);
    for (String item : List.of("1", "2")) {
      assertThat(copy.itemMetadata(copy.items().indexOf(item))).isEqualTo(source.itemMetadata(source.items().indexOf(item)));
    }
    for (String user : List.of("196", "186")) {
      assertThat(copy.userMetadata(copy.users().indexOf(user))).isEqualTo(source.userMetadata(source.users().indexOf(user)));
    }
    assertThat(copy.itemMetadata(copy.items().indexOf("1")).title()).isEqualTo("Misérables, Les (1995)");
  }

  private static List<Object> rows(Dataset d) {
    List<Object> rows = new ArrayList<>();
    for (int r = 0; r < d.size(); r++) rows.add(d.interaction(r));
    return rows;
  }

  @Test
  void printsProgressToStderrEveryNInteractions() throws IOException {
    Path data = movieLensCsv("1,1,4,1", "1,2,4,2", "2,1,4,3", "2,2,4,4", "3,1,4,5");
    ImportCommand command = new ImportCommand();
    command.progressEvery = 2;

    int exit = run(command, "--data", data.toString());

    assertThat(exit).isZero();
    assertThat(err.toString().lines().toList()).hasSize(2)
        .allMatch(l -> l.matches("imported [24] interactions \\([\\d,]+ rows/s\\)"));
  }

  @Test
  void explainsBadArgumentsInOneLine() throws IOException {
    Path data = movieLensCsv("1,1,4,1112486027");

    assertThat(run("--data", data.toString(), "--format", "netflix")).isEqualTo(1);
    assertThat(run("--data", dir.resolve("absent").toString())).isEqualTo(1);
    assertThat(run("--data", data.toString(), "--out", data.toString())).isEqualTo(1);

    assertThat(err.toString().lines().toList()).satisfiesExactly(
        l -> assertThat(l).startsWith("error: unknown dataset format 'netflix'"),
        l -> assertThat(l).isEqualTo("error: --data is not a directory: " + dir.resolve("absent")),
        l -> assertThat(l).startsWith("error: --out must differ from --data"));
  }

  @Test
  void reportsAnUndetectableDirectorySuggestingFormat() throws IOException {
    Path data = Files.createDirectories(dir.resolve("empty"));

    assertThat(run("--data", data.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: no known dataset layout in " + data).contains("--format");
  }
}
