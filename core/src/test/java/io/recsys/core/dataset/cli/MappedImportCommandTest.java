package io.recsys.core.dataset.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.dataset.Dataset;
import io.recsys.core.dataset.DatasetFormat;
import io.recsys.core.dataset.Datasets;
import io.recsys.core.dataset.DatasetSink;
import io.recsys.core.dataset.ErrorPolicy;
import io.recsys.core.dataset.EventTypeRegistry;
import io.recsys.core.dataset.GenericEventReader;
import io.recsys.core.dataset.Interaction;
import io.recsys.core.dataset.InteractionType;
import io.recsys.core.dataset.Item;
import io.recsys.core.dataset.RowErrors;
import io.recsys.core.dataset.User;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The issue's case: a public e-commerce log, headerless, with its own type names, through ./recsys import. */
class MappedImportCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> environment, String... args) {
    ImportCommand command = new ImportCommand();
    command.environment = environment;
    CommandLine cli = ImportCommand.commandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private Path log(String name, String... lines) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    return Files.writeString(data.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void sessionIdsBesideUserIdsAreWrittenAsASessionIdColumnAndReadBack() throws IOException {
    Path file = log("visits.csv", "ts,visitor,visit,sku,action", "2026-01-01T00:00:00Z,u1,s1,a,click",
        "2026-01-01T00:01:00Z,u1,\"s,2\",b,click", "2026-01-01T00:02:00Z,u2,,a,click");
    Path target = dir.resolve("canonical");

    int exit = run("--data", file.toString(), "--map", "userId=visitor,session=visit,itemId=sku,type=action,timestamp=ts",
        "--out", target.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("note: session ids kept (column visit, canonical column sessionId); users come from visitor");
    assertThat(Files.readAllLines(target.resolve("events.csv"))).first().isEqualTo("userId,itemId,type,value,timestamp,sessionId");
    CollectingRows rows = new CollectingRows();
    new GenericEventReader().read(target, rows, new RowErrors(ErrorPolicy.FAIL));
    assertThat(rows.interactions).extracting(Interaction::sessionId).containsExactly("s1", "s,2", "");
    assertThat(rows.interactions).extracting(Interaction::userId).containsExactly("u1", "u1", "u2");
  }

  @Test
  void withoutASessionColumnTheCanonicalHeaderHasFiveColumns() throws IOException {
    Path file = log("visits.csv", "ts,visitor,sku,action", "2026-01-01T00:00:00Z,u1,a,click");
    Path target = dir.resolve("canonical");

    assertThat(run("--data", file.toString(), "--map", "userId=visitor,itemId=sku,type=action,timestamp=ts", "--out",
        target.toString())).as(err.toString()).isZero();

    assertThat(Files.readAllLines(target.resolve("events.csv")))
        .containsExactly("userId,itemId,type,value,timestamp", "u1,a,click,1,2026-01-01T00:00:00Z");
  }

  /** Every interaction a reader delivers, keeping session ids. */
  private static final class CollectingRows implements DatasetSink {
    final List<Interaction> interactions = new ArrayList<>();

    @Override
    public void interaction(Interaction i) {
      interactions.add(i);
    }

    @Override
    public void item(Item item) {}

    @Override
    public void user(User user) {}
  }

  @Test
  void importsAHeaderlessTaobaoFileByPresetAndTheCanonicalResultReadsBack() throws IOException {
    Path file = log("UserBehavior.csv", "1,2268318,2520377,pv,1511544070", "1,2333346,2520771,fav,1511561733",
        "2,2333346,2520771,cart,1511572885", "2,2268318,2520377,buy,1511680485");
    Path target = dir.resolve("canonical");

    int exit = run("--data", file.toString(), "--format", "taobao", "--out", target.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("format:        taobao (" + file + ")")
        .contains("interactions:  4 (click 1, favourite 1, cart 1, purchase 1)")
        .contains("item rows:     2")
        .contains("note: types: pv->click, fav->favourite, cart->cart, buy->purchase")
        .contains("written:       " + target)
        .contains("types:         " + target.resolve("recsys-types.properties") + " (as RECSYS_TYPES_FILE");
    // The registry the import read with, for the live API: the preset's names and the defaults.
    EventTypeRegistry written = EventTypeRegistry.configured(target.resolve("recsys-types.properties"), Map.of());
    assertThat(written.resolve("fav").type()).isEqualTo(InteractionType.FAVOURITE);
    assertThat(written.resolve("buy").type()).isEqualTo(InteractionType.PURCHASE);
    assertThat(written.aliases()).hasSize(EventTypeRegistry.defaults().aliases().size() + 3); // pv, fav, buy; cart replaced
    Dataset copy = Datasets.load(target, null, ErrorPolicy.FAIL);
    List<Interaction> rows = new ArrayList<>();
    for (int r = 0; r < copy.size(); r++) rows.add(copy.interaction(r));
    assertThat(rows).containsExactly(
        new Interaction("1", "2268318", InteractionType.CLICK, 1f, 1511544070_000L),
        new Interaction("1", "2333346", InteractionType.FAVOURITE, 1f, 1511561733_000L),
        new Interaction("2", "2333346", InteractionType.CART, 1f, 1511572885_000L),
        new Interaction("2", "2268318", InteractionType.PURCHASE, 1f, 1511680485_000L));
    assertThat(copy.itemMetadata(copy.items().indexOf("2333346")))
        .isEqualTo(new Item("2333346", "", List.of("2520771"), Item.UNKNOWN_YEAR, Map.of()));
  }

  @Test
  void theIssuesRenamedColumnsImportWithMapColumnsAndATypesFileFromTheEnvironment() throws IOException {
    Path file = log("behaviour.log", "1;2268318;2520377;pv;1511544070", "1;2333346;2520771;buy;1511561733");
    Path types = Files.writeString(dir.resolve("types.properties"), "pv = click\nbuy = purchase\n");

    int exit = run(Map.of("RECSYS_TYPES_FILE", types.toString()), "--data", file.toString(),
        "--columns", "user_id,item_id,category_id,behavior_type,ts",
        "--map", "userId=user_id,itemId=item_id,type=behavior_type,timestamp=ts,category=category_id",
        "--time-unit", "s");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("format:        mapped (")
        .contains("interactions:  2 (click 1, purchase 1)")
        .contains("semicolon-separated, no header");
  }

  @Test
  void anUnknownTypeExitsOneWithFileLineAndTheAcceptedNames() throws IOException {
    Path file = log("log.csv", "1,2,3,cart,1511544070", "1,2,3,pv,1511544070");

    int exit = run("--data", file.toString(), "--columns", "user,item,category,type,timestamp");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: " + file + ":2: unknown interaction type 'pv': accepted: impression,")
        .contains("--types FILE or RECSYS_TYPES_FILE");
  }

  @Test
  void underSkipTheSummaryCountsEachUnknownTypeAndATypesFileAcceptsThem() throws IOException {
    Path file = log("log.csv", "1,2,3,pv,1511544070", "1,2,3,pv,1511544070", "1,2,3,fav,1511544070",
        "1,2,3,cart,1511544070");

    assertThat(run("--data", file.toString(), "--columns", "user,item,category,type,timestamp", "--on-error", "skip"))
        .isZero();
    assertThat(out.toString()).contains("skipped:       3 rows")
        .contains("  unknown interaction type 'pv': 2 (first at " + file + ":1)")
        .contains("  unknown interaction type 'fav': 1 (first at " + file + ":3)")
        .contains("note: accepted type names: impression, click, favourite, favorite, cart,");

    Path types = Files.writeString(dir.resolve("types.properties"), "pv = click\nfav = click, weight=2\n");
    out.getBuffer().setLength(0);
    assertThat(run("--data", file.toString(), "--columns", "user,item,category,type,timestamp", "--types",
        types.toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("interactions:  4 (click 3, cart 1)").doesNotContain("skipped");
  }

  @Test
  void aMappingFileDescribesTheLayoutAndFlagsOverrideIt() throws IOException {
    Path data = log("clicks.tsv", "ts\tvisitor\tsku\taction", "2024-05-01T12:00:00Z\tv1\ts1\tview");
    Path mapping = Files.writeString(dir.resolve("shop.properties"), """
        # our shop's click log
        file = clicks.tsv
        userId = visitor
        itemId = sku
        type = action
        timestamp = when
        types.view = click
        """);

    assertThat(run("--data", data.getParent().toString(), "--mapping", mapping.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: " + data + ":1: no column 'when' for timestamp");

    assertThat(run("--data", data.getParent().toString(), "--mapping", mapping.toString(), "--map", "timestamp=ts"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).contains("interactions:  1 (click 1)").contains("tab-separated, with a header");
  }

  @Test
  void aBadMappingFileLineIsNamed() throws IOException {
    Path data = log("events.csv", "userId,itemId,type,timestamp", "u,i,click,1");
    Path mapping = Files.writeString(dir.resolve("m.properties"), "user = userId\ncolour = red\n");

    assertThat(run("--data", data.toString(), "--mapping", mapping.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: " + mapping + ":2: unknown key 'colour'");
  }

  @Test
  void refusesAFileWithoutALayoutAnOutputOverTheInputAndMappingFlagsForMovieLens() throws IOException {
    Path file = log("events.csv", "userId,itemId,type,timestamp", "u,i,click,1");

    assertThat(run("--data", file.toString())).isEqualTo(1);
    assertThat(run("--data", file.toString(), "--map", "type=type", "--out", file.getParent().toString())).isEqualTo(1);
    assertThat(run("--data", file.getParent().toString(), "--format", "movielens-csv", "--map", "type=t")).isEqualTo(1);
    assertThat(run("--data", file.toString(), "--format", "yoochoose")).isEqualTo(1);

    assertThat(err.toString().lines().toList()).satisfiesExactly(
        l -> assertThat(l).startsWith("error: --data is a file: name its layout with --format PRESET"),
        l -> assertThat(l).startsWith("error: --out must differ from --data's directory"),
        l -> assertThat(l).startsWith("error: --map, --columns, --mapping, --delimiter and --time-unit apply to event files"),
        l -> assertThat(l).isEqualTo("error: yoochoose reads 2 files; pass the directory holding them as --data, not one file"));
  }

  @Test
  void detectsARetailRocketDirectoryWithoutBeingTold() throws IOException {
    Path file = log("events.csv", "timestamp,visitorid,event,itemid,transactionid", "1433221332117,257597,view,355908,");

    assertThat(run("--data", file.getParent().toString())).as(err.toString()).isZero();
    assertThat(out.toString()).contains("format:        retailrocket").contains("interactions:  1 (click 1)");
    assertThat(DatasetFormat.detect(file.getParent())).isEqualTo(DatasetFormat.RETAILROCKET);
  }
}
