package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a deployment's own event files through an {@link EventMapping} (a preset, a mapping file or
 * {@code --map}/{@code --columns}) and an {@link EventTypeRegistry}: any column order, with or
 * without a header, comma (RFC 4180 quoting), tab, {@code ::}, {@code ;} or {@code |} delimited,
 * timestamps in epoch seconds, milliseconds or ISO-8601, type names through the registry. Item
 * metadata written on event rows (category, price, title) is collected per item and delivered as
 * item rows once the events are read: the first title and price seen, every distinct category in
 * order of appearance.
 *
 * <p>Malformed rows go to {@link RowErrors} like every reader's: wrong number of fields (a cut-off
 * last line), empty ids, a timestamp not in the unit, an unknown type name. Unknown type names are
 * grouped per name (up to {@value #LISTED_UNKNOWN_TYPES} names, the rest together) so that
 * {@code --on-error skip} reports the count and first line of each. Problems of the mapping itself —
 * a mapped column the header lacks, a required field with no column — stop the import naming the
 * file. Stateless between calls; one call is single-threaded.
 */
public final class MappedEventReader implements DatasetReader {
  /** Distinct unknown type names reported separately; more would let a wrongly mapped column flood the report. */
  static final int LISTED_UNKNOWN_TYPES = 20;
  /** Candidate delimiters in order of preference when line 1 fits several. */
  private static final List<String> DELIMITERS = List.of("::", "\t", ",", ";", "|");
  private static final String IGNORED_COLUMN = "_";

  private final EventMapping mapping;
  private final EventTypeRegistry types;
  private final Path onlyFile;

  /**
   * @param mapping what to read
   * @param types the type registry, already layered with the mapping's aliases
   *     ({@link EventTypeRegistry#configured(EventTypeRegistry, Path, Map)})
   * @param onlyFile the one event file to read instead of looking in the directory, or null
   */
  public MappedEventReader(EventMapping mapping, EventTypeRegistry types, Path onlyFile) {
    if (onlyFile != null && mapping.sources().size() != 1) {
      throw new IllegalArgumentException(mapping.name() + " reads " + mapping.sources().size()
          + " files; pass the directory holding them as --data, not one file");
    }
    this.mapping = mapping;
    this.types = types;
    this.onlyFile = onlyFile;
  }

  /** The reader of a shipped preset, with the registry from {@link EventTypeRegistry#ENV_VARIABLE}. */
  static MappedEventReader preset(String name) {
    EventMapping mapping = EventMappings.preset(name);
    try {
      return new MappedEventReader(mapping,
          EventTypeRegistry.configured(mapping.types(EventTypeRegistry.defaults()), null, System.getenv()), null);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + EventTypeRegistry.ENV_VARIABLE + " file: " + e.getMessage(), e);
    }
  }

  public EventMapping mapping() {
    return mapping;
  }

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Run run = new Run(sink, errors);
    List<String> notes = new ArrayList<>();
    if (!mapping.description().isEmpty()) notes.add(mapping.name() + ": " + mapping.description());
    notes.addAll(mapping.notes());
    for (EventMapping.Source source : mapping.sources()) {
      Path file = onlyFile != null ? onlyFile : locate(dir, source);
      if (file == null) {
        notes.add("no " + String.join(" or ", source.files()) + " in " + dir + ": " + label(source) + " not read (optional)");
        continue;
      }
      run.readSource(file, source, notes);
    }
    run.finish(notes);
    return notes;
  }

  private String label(EventMapping.Source source) {
    return source.name().isEmpty() ? "events" : source.name();
  }

  /**
   * The file of {@code source} in {@code dir}: the first alternative that names exactly one regular
   * file; null when none names any and the source is optional.
   */
  private Path locate(Path dir, EventMapping.Source source) throws IOException {
    Set<String> present = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) if (Files.isRegularFile(p)) present.add(p.getFileName().toString());
    }
    for (String alternative : source.files()) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + alternative);
      List<String> matches = present.stream().filter(n -> matcher.matches(Path.of(n))).toList();
      if (matches.size() == 1) return dir.resolve(matches.get(0));
      if (matches.size() > 1) {
        throw new IllegalArgumentException("several files in " + dir + " match " + alternative + ": "
            + String.join(", ", matches) + "; pass the one to read as --data FILE");
      }
    }
    if (source.optional()) return null;
    throw new IllegalArgumentException("missing required file in " + dir + ": none of " + String.join(", ", source.files())
        + " (" + mapping.name() + " reads its " + label(source) + " from it); found "
        + (present.isEmpty() ? "no files" : String.join(", ", present)) + ". Pass the file as --data FILE");
  }

  /** The state of one read: what has been seen, and the item metadata collected so far. */
  private final class Run {
    private final DatasetSink sink;
    private final RowErrors errors;
    private final Set<String> unknownTypes = new HashSet<>();
    private final Set<EventTypeRegistry.Alias> aliasesSeen = new LinkedHashSet<>();
    private final Map<String, ItemFacts> itemFacts = new LinkedHashMap<>();
    private final Set<String> metadataFields = new LinkedHashSet<>();
    private EventTypeRegistry.Alias lastAlias;
    private boolean unknownTypeSkipped;

    Run(DatasetSink sink, RowErrors errors) {
      this.sink = sink;
      this.errors = errors;
    }

    void readSource(Path file, EventMapping.Source source, List<String> notes) throws IOException {
      String first;
      try (LineReader lines = LineReader.open(file, StandardCharsets.UTF_8)) {
        first = lines.next();
      }
      if (first == null) throw new IllegalArgumentException(file + " is empty");
      String delimiter = source.delimiter() != null ? source.delimiter() : detectDelimiter(file, first, source);
      if (delimiter.equals(",")) {
        try (CsvFile csv = CsvFile.open(file)) {
          List<String> names = source.headerless() ? source.columns() : csv.header();
          RowPlan plan = plan(file, names, source, notes, delimiter);
          String[] fields = new String[names.size()];
          csv.forEachRow(names.size(), (record, line) -> {
            for (int c = 0; c < fields.length; c++) fields[c] = record.get(c);
            plan.deliver(fields);
          }, errors);
        }
      } else {
        try (DelimitedFile rows = DelimitedFile.open(file, StandardCharsets.UTF_8, delimiter)) {
          List<String> names = source.headerless() ? source.columns() : List.of(rows.header());
          RowPlan plan = plan(file, names, source, notes, delimiter);
          rows.forEachRow(names.size(), (fields, line) -> plan.deliver(fields), errors);
        }
      }
    }

    /** Resolves every field to its columns, checking the mapping against the header or column list. */
    private RowPlan plan(Path file, List<String> names, EventMapping.Source source, List<String> notes,
        String delimiter) {
      String where = source.headerless() ? "the columns given for this headerless file are " + String.join(",", names)
          : "the header is " + String.join(",", names);
      Map<MappedField, int[]> columns = new EnumMap<>(MappedField.class);
      Set<Integer> used = new HashSet<>();
      for (MappedField field : MappedField.values()) {
        List<String> mapped = source.columnsOf().get(field);
        List<Integer> found = new ArrayList<>();
        if (mapped != null) {
          for (String name : mapped) {
            int c = column(names, name);
            if (c < 0) {
              throw problem(file, source, "no column " + Fields.quote(name) + " for " + field.key() + " (mapped "
                  + field.key() + "=" + String.join("|", mapped) + "); " + where);
            }
            found.add(c);
          }
        } else {
          for (String name : field.names()) {
            int c = column(names, name);
            if (c >= 0) {
              found.add(c);
              break;
            }
          }
        }
        columns.put(field, found.stream().mapToInt(Integer::intValue).toArray());
        used.addAll(found);
      }
      boolean hasUser = columns.get(MappedField.USER).length > 0;
      boolean hasSession = columns.get(MappedField.SESSION).length > 0;
      requireColumn(file, source, columns, MappedField.ITEM, where);
      requireColumn(file, source, columns, MappedField.TIMESTAMP, where);
      if (!hasUser && !hasSession) requireColumn(file, source, columns, MappedField.USER, where);
      EventTypeRegistry.Alias defaultType = null;
      if (columns.get(MappedField.TYPE).length == 0) {
        if (source.defaultType() == null) {
          throw problem(file, source, "no column for type: " + where + "; map one with --map type=COLUMN, or give"
              + " every row one type with default-type (in a mapping file)");
        }
        defaultType = types.resolve(source.defaultType());
        if (defaultType == null) {
          throw new IllegalArgumentException("default-type " + Fields.quote(source.defaultType()) + " of " + mapping.name()
              + " is not a known type name (accepted: " + types.acceptedNames() + ")");
        }
      }
      List<String> ignored = new ArrayList<>();
      for (int c = 0; c < names.size(); c++) {
        if (!used.contains(c) && !names.get(c).equals(IGNORED_COLUMN) && !names.get(c).isEmpty()) ignored.add(names.get(c));
      }
      notes.add("read " + file + ": " + delimiterName(delimiter) + "-separated, "
          + (source.headerless() ? "no header (columns " + String.join(",", names) + ")" : "with a header")
          + ", timestamps " + switch (source.timeUnit()) {
            case AUTO -> "ISO-8601 or epoch (ms from 1e11, else s)";
            case SECONDS -> "epoch seconds";
            case MILLIS -> "epoch milliseconds";
            case ISO -> "ISO-8601";
          } + (defaultType != null ? ", every row a " + defaultType.type().wireName() : ""));
      if (!ignored.isEmpty()) notes.add("columns not imported from " + file.getFileName() + ": " + String.join(", ", ignored));
      if (!hasUser) {
        notes.add("users are sessions (column " + names.get(columns.get(MappedField.SESSION)[0])
            + "): a returning visitor is a new user in every session");
      } else if (hasSession) {
        String sessionColumn = names.get(columns.get(MappedField.SESSION)[0]);
        notes.add(sink.sessions()
            ? "session ids kept (column " + sessionColumn + ", canonical column sessionId); users come from "
                + names.get(columns.get(MappedField.USER)[0])
            : "session column " + sessionColumn + " read but not kept here (import --out writes it as sessionId when"
                + " the first file read has it; the in-memory dataset has no sessions)");
      }
      for (MappedField f : List.of(MappedField.CATEGORY, MappedField.PRICE, MappedField.TITLE)) {
        if (columns.get(f).length > 0) metadataFields.add(f.key());
      }
      return new RowPlan(columns, defaultType, source.timeUnit(), hasUser);
    }

    private RuntimeException problem(Path file, EventMapping.Source source, String reason) {
      return source.headerless() ? new IllegalArgumentException(file + ": " + reason) : new BadRowException(file, 1, reason);
    }

    private void requireColumn(Path file, EventMapping.Source source, Map<MappedField, int[]> columns, MappedField field,
        String where) {
      if (columns.get(field).length > 0) return;
      throw problem(file, source, "no column for " + field.key() + ": " + where + "; map one with --map "
          + field.key() + "=COLUMN" + (source.headerless() ? "" : ", or name the columns of a headerless file with --columns"));
    }

    void finish(List<String> notes) {
      for (Map.Entry<String, ItemFacts> e : itemFacts.entrySet()) sink.item(e.getValue().item(e.getKey()));
      if (!itemFacts.isEmpty()) {
        notes.add("item rows collected from event rows (" + String.join(", ", metadataFields) + "): "
            + String.format(Locale.ROOT, "%,d", itemFacts.size()));
      }
      if (!aliasesSeen.isEmpty()) {
        notes.add("types: " + aliasesSeen.stream().map(a -> a.name() + "->" + a.type().wireName()
            + (a.weight() != EventTypeRegistry.DEFAULT_WEIGHT ? " (weight " + formatWeight(a.weight()) + ")" : ""))
            .collect(Collectors.joining(", ")));
        Set<String> positive = new TreeSet<>();
        boolean nonDefault = false;
        for (EventTypeRegistry.Alias a : aliasesSeen) {
          if (a.positive()) positive.add(a.type().wireName());
          nonDefault |= a.positive() == (a.type() == InteractionType.IMPRESSION);
        }
        if (nonDefault) {
          notes.add("the type registry's positive types differ from eval's default (all but impression): pass"
              + " --positive-types " + String.join(",", positive) + " to ./recsys eval");
        }
      }
      if (unknownTypeSkipped) {
        notes.add("accepted type names: " + types.acceptedNames() + "; add yours with --types FILE or "
            + EventTypeRegistry.ENV_VARIABLE);
      }
    }

    private static String formatWeight(float w) {
      return w == Math.rint(w) ? Integer.toString((int) w) : Float.toString(w);
    }

    /** The columns of one file and how to turn a row of it into an event. */
    private final class RowPlan {
      private final int[] user;
      private final int[] session;
      private final int[] item;
      private final int[] type;
      private final int[] value;
      private final int[] timestamp;
      private final int[] category;
      private final int[] price;
      private final int[] title;
      private final boolean metadata;
      private final EventTypeRegistry.Alias defaultType;
      private final TimestampUnit unit;
      private final boolean hasUser;
      private final boolean keepSession;

      RowPlan(Map<MappedField, int[]> columns, EventTypeRegistry.Alias defaultType, TimestampUnit unit, boolean hasUser) {
        this.user = columns.get(MappedField.USER);
        this.session = columns.get(MappedField.SESSION);
        this.item = columns.get(MappedField.ITEM);
        this.type = columns.get(MappedField.TYPE);
        this.value = columns.get(MappedField.VALUE);
        this.timestamp = columns.get(MappedField.TIMESTAMP);
        this.category = columns.get(MappedField.CATEGORY);
        this.price = columns.get(MappedField.PRICE);
        this.title = columns.get(MappedField.TITLE);
        this.metadata = category.length + price.length + title.length > 0;
        this.defaultType = defaultType;
        this.unit = unit;
        this.hasUser = hasUser;
        this.keepSession = hasUser && session.length > 0; // without a user column the sessions are the users
      }

      /** Parses one row and delivers its event; throws {@link RowProblem} before delivering anything. */
      void deliver(String[] f) {
        String userId = hasUser ? Fields.id(first(f, user), "user id") : Fields.id(first(f, session), "session id");
        String itemId = Fields.id(first(f, item), "item id");
        EventTypeRegistry.Alias alias = defaultType != null ? defaultType : alias(first(f, type));
        String v = first(f, value);
        float weight = v == null || v.isEmpty() ? alias.weight() : Fields.finiteFloat(v, "value");
        long millis = unit.toMillis(first(f, timestamp));
        if (metadata) collect(itemId, first(f, category), first(f, price), first(f, title));
        String sessionId = "";
        if (keepSession) {
          String s = first(f, session);
          sessionId = s == null ? "" : s;
        }
        sink.interaction(new Interaction(userId, itemId, alias.type(), weight, millis, sessionId));
        if (alias != lastAlias) {
          aliasesSeen.add(alias);
          lastAlias = alias;
        }
      }
    }

    private EventTypeRegistry.Alias alias(String name) {
      if (name == null || name.isEmpty()) throw new RowProblem("missing type", "");
      EventTypeRegistry.Alias alias = types.resolve(name);
      if (alias != null) return alias;
      unknownTypeSkipped = true;
      String detail = "accepted: " + types.acceptedNames() + "; add it with --types FILE or " + EventTypeRegistry.ENV_VARIABLE;
      if (unknownTypes.contains(name) || unknownTypes.size() < LISTED_UNKNOWN_TYPES) {
        unknownTypes.add(name);
        throw new RowProblem("unknown interaction type " + Fields.quote(name), detail);
      }
      throw new RowProblem("unknown interaction type (more than " + LISTED_UNKNOWN_TYPES + " distinct names)",
          Fields.quote(name) + "; " + detail);
    }

    private void collect(String itemId, String category, String price, String title) {
      if (price != null && !price.isEmpty()) Fields.finiteFloat(price, "price");
      ItemFacts facts = itemFacts.get(itemId);
      if (facts == null) itemFacts.put(itemId, facts = new ItemFacts());
      if (category != null && !category.isEmpty() && !facts.categories.contains(category)) facts.categories.add(category);
      if (facts.price == null && price != null && !price.isEmpty()) facts.price = price;
      if (facts.title == null && title != null && !title.isEmpty()) facts.title = title;
    }
  }

  /** What event rows said about one item so far. */
  private static final class ItemFacts {
    final List<String> categories = new ArrayList<>(1);
    String price;
    String title;

    Item item(String itemId) {
      return new Item(itemId, title, categories, Item.UNKNOWN_YEAR, price == null ? Map.of() : Map.of("price", price));
    }
  }

  /** The first non-empty value among {@code columns}; "" when all are empty, null when there are none. */
  private static String first(String[] fields, int[] columns) {
    if (columns.length == 0) return null;
    for (int c : columns) {
      String v = fields[c];
      if (!v.isEmpty()) return v;
    }
    return "";
  }

  /** The column called {@code name}: exact match first, then ignoring case; -1 when none. */
  private static int column(List<String> names, String name) {
    int exact = names.indexOf(name);
    if (exact >= 0) return exact;
    for (int c = 0; c < names.size(); c++) if (names.get(c).equalsIgnoreCase(name)) return c;
    return -1;
  }

  /**
   * The delimiter that splits line 1 as the mapping expects: into exactly as many fields as
   * {@code columns} names for a headerless file; for a header, into the most fields, among those
   * that hold every column the mapping names.
   *
   * @throws IllegalArgumentException naming the file, what each candidate gave and {@code --delimiter}
   */
  static String detectDelimiter(Path file, String line, EventMapping.Source source) {
    Set<String> mappedNames = new HashSet<>();
    for (List<String> names : source.columnsOf().values()) mappedNames.addAll(names);
    String best = null;
    int bestCount = 1;
    String mostFields = null;
    int mostCount = 1;
    List<String> tried = new ArrayList<>();
    for (String d : DELIMITERS) {
      List<String> parts = List.of(line.split(Pattern.quote(d), -1));
      tried.add(delimiterName(d) + " gives " + parts.size());
      if (source.headerless()) {
        if (parts.size() == source.columns().size()) return d;
        continue;
      }
      if (parts.size() > mostCount) {
        mostFields = d;
        mostCount = parts.size();
      }
      if (parts.size() > bestCount && parts.stream().map(p -> p.strip().replace("\"", "")).toList()
          .containsAll(mappedNames)) {
        best = d;
        bestCount = parts.size();
      }
    }
    // A header without a mapped name still has a delimiter: the column check then names what is missing.
    if (best != null) return best;
    if (mostFields != null) return mostFields;
    throw new IllegalArgumentException("cannot tell the delimiter of " + file + " from line 1 (" + String.join(", ", tried)
        + " fields" + (source.headerless() ? "; the columns given are " + source.columns().size()
            : mappedNames.isEmpty() ? "" : "; the mapping names columns " + String.join(",", new TreeSet<>(mappedNames)))
        + "); pass --delimiter comma|tab|::|semicolon|pipe");
  }

  static String delimiterName(String d) {
    return switch (d) {
      case "," -> "comma";
      case "\t" -> "tab";
      case ";" -> "semicolon";
      case "|" -> "pipe";
      default -> d;
    };
  }
}
