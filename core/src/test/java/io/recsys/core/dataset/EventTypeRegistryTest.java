package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventTypeRegistryTest {
  @TempDir Path dir;

  @Test
  void defaultsAcceptExactlyWhatInteractionTypeParseAcceptsWithWeightOne() {
    EventTypeRegistry defaults = EventTypeRegistry.defaults();
    for (String name : List.of("impression", "click", "favourite", "favorite", "cart", "add-to-cart", "add_to_cart",
        "purchase", "rating", "CLICK", " Purchase ", "Add-To-Cart", "Favorite")) {
      EventTypeRegistry.Alias alias = defaults.resolve(name);
      assertThat(alias).as(name).isNotNull();
      assertThat(alias.type()).as(name).isEqualTo(InteractionType.parse(name));
      assertThat(alias.weight()).isEqualTo(1f);
    }
    for (String name : List.of("pv", "view", "fav", "buy", "addtocart", "transaction", "", "clicks")) {
      assertThat(defaults.resolve(name)).as(name).isNull();
      assertThatThrownBy(() -> InteractionType.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(defaults.positiveTypes()).isEqualTo(Set.of(InteractionType.CLICK, InteractionType.FAVOURITE,
        InteractionType.CART, InteractionType.PURCHASE, InteractionType.RATING));
    assertThat(defaults.acceptedNames())
        .isEqualTo("impression, click, favourite, favorite, cart, add-to-cart, add_to_cart, purchase, rating");
  }

  @Test
  void aFileAddsAliasesWithWeightsAndMayReplaceADefault() throws IOException {
    Path file = TestFiles.write(dir, "types.properties", "# ours", "pv = click", "fav = click, weight=2",
        "", "buy = purchase, weight=3.5", "impression = impression, weight=0");

    EventTypeRegistry r = EventTypeRegistry.configured(file, Map.of());

    assertThat(r.resolve("PV").type()).isEqualTo(InteractionType.CLICK);
    assertThat(r.resolve("fav").weight()).isEqualTo(2f);
    assertThat(r.resolve("buy").weight()).isEqualTo(3.5f);
    assertThat(r.resolve("impression").weight()).isZero();
    assertThat(r.resolve("fav").source()).isEqualTo(file + ":3");
    assertThat(r.resolve("click").weight()).isEqualTo(1f);
  }

  @Test
  void aWrittenRegistryReadsBackToTheSameEntries() throws IOException {
    Path file = TestFiles.write(dir, "types.properties", "pv = click, weight=0.5", "fav = favourite, weight=2",
        "show = impression, positive=false", "view = click, positive=true");
    EventTypeRegistry r = EventTypeRegistry.configured(file, Map.of());
    Path copy = dir.resolve("copy.properties");

    r.write(copy, "for the test");
    EventTypeRegistry back = EventTypeRegistry.configured(copy, Map.of());

    assertThat(back.aliases()).hasSameSizeAs(r.aliases());
    for (EventTypeRegistry.Alias a : r.aliases()) {
      EventTypeRegistry.Alias b = back.resolve(a.name());
      assertThat(List.of(b.name(), b.type(), b.weight(), b.positive())).as(a.name())
          .isEqualTo(List.of(a.name(), a.type(), a.weight(), a.positive()));
    }
    assertThat(back.acceptedNames()).isEqualTo(r.acceptedNames());
  }

  @Test
  void theEnvironmentVariableNamesTheFileWhenNoneIsGivenAndAGivenFileWins() throws IOException {
    Path fromEnv = TestFiles.write(dir, "env.properties", "view = click");
    Path given = TestFiles.write(dir, "given.properties", "pv = click");
    Map<String, String> env = Map.of(EventTypeRegistry.ENV_VARIABLE, fromEnv.toString());

    assertThat(EventTypeRegistry.configured(null, env).resolve("view")).isNotNull();
    EventTypeRegistry withFile = EventTypeRegistry.configured(given, env);
    assertThat(withFile.resolve("pv")).isNotNull();
    assertThat(withFile.resolve("view")).isNull();
    assertThat(EventTypeRegistry.configured(null, Map.of())).isSameAs(EventTypeRegistry.defaults());
  }

  @Test
  void aMissingEnvironmentFileIsNamedWithTheVariable() {
    Map<String, String> env = Map.of(EventTypeRegistry.ENV_VARIABLE, dir.resolve("absent").toString());

    assertThatThrownBy(() -> EventTypeRegistry.configured(null, env))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such file: " + dir.resolve("absent") + " (from RECSYS_TYPES_FILE)");
  }

  @Test
  void badEntriesAreReportedWithFileAndLine() {
    Path unknown = TestFiles.write(dir, "a", "pv = wishlist");
    Path weight = TestFiles.write(dir, "b", "pv = click, weight=heavy");
    Path option = TestFiles.write(dir, "c", "pv = click, strong");
    Path noEquals = TestFiles.write(dir, "d", "# x", "pv click");
    Path alias = TestFiles.write(dir, "e", "pv = add-to-cart");

    assertThatThrownBy(() -> EventTypeRegistry.configured(unknown, Map.of())).hasMessage(unknown
        + ":1: unknown platform type 'wishlist' for 'pv' (expected impression, click, favourite, cart, purchase, rating)");
    assertThatThrownBy(() -> EventTypeRegistry.configured(weight, Map.of()))
        .hasMessage(weight + ":1: weight is not a finite number: 'heavy'");
    assertThatThrownBy(() -> EventTypeRegistry.configured(option, Map.of()))
        .hasMessageStartingWith(option + ":1: unknown option 'strong'");
    assertThatThrownBy(() -> EventTypeRegistry.configured(noEquals, Map.of()))
        .hasMessage(noEquals + ":2: expected key = value, found 'pv click'");
    assertThatThrownBy(() -> EventTypeRegistry.configured(alias, Map.of()))
        .hasMessageStartingWith(alias + ":1: unknown platform type 'add-to-cart'");
  }

  @Test
  void aliasesOfOneTypeMustAgreeOnThePositiveFlag() {
    Path file = TestFiles.write(dir, "types", "view = click, positive=false");

    assertThatThrownBy(() -> EventTypeRegistry.configured(file, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":1: 'view' makes click not positive but 'click'")
        .hasMessageContaining("all names of one type must agree");
  }

  @Test
  void impressionsCanBeDeclaredPositiveForEveryNameAtOnce() throws IOException {
    Path file = TestFiles.write(dir, "types", "impression = impression, positive=true");

    assertThat(EventTypeRegistry.configured(file, Map.of()).positiveTypes()).contains(InteractionType.IMPRESSION);
  }
}
