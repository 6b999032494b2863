package io.recsys.core.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads MovieLens 1M and 10M: {@code ratings.dat} ({@code UserID::MovieID::Rating::Timestamp}),
 * {@code movies.dat} ({@code MovieID::Title::Genres}, genres pipe-separated) and, when present,
 * {@code users.dat} ({@code UserID::Gender::Age::Occupation::Zip-code}). movies.dat is ISO-8859-1 in
 * 1M and UTF-8 in 10M with no marker telling which, so it is decoded as UTF-8 when the whole file is
 * valid UTF-8 and as ISO-8859-1 otherwise (it is small enough to check whole). The year comes from
 * the title's trailing "(yyyy)". Stateless.
 */
public final class MovieLensDatReader implements DatasetReader {
  static final String RATINGS = "ratings.dat";
  static final String MOVIES = "movies.dat";
  static final String USERS = "users.dat";
  private static final String FORMAT = "MovieLens 1M/10M";
  private static final String SEPARATOR = "::";

  @Override
  public List<String> read(Path dir, DatasetSink sink, RowErrors errors) throws IOException {
    Path ratings = DatasetFiles.require(dir, RATINGS, FORMAT);
    Path movies = DatasetFiles.require(dir, MOVIES, FORMAT);
    Path users = DatasetFiles.optional(dir, USERS);
    List<String> notes = new ArrayList<>();

    byte[] movieBytes = Files.readAllBytes(movies);
    Charset charset = isValidUtf8(movieBytes) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    if (charset == StandardCharsets.ISO_8859_1) notes.add(movies + " is not valid UTF-8: decoded as ISO-8859-1");
    try (DelimitedFile file = DelimitedFile.of(LineReader.of(movies, movieBytes, charset), SEPARATOR)) {
      file.forEachRow(3, (f, line) -> sink.item(new Item(Fields.id(f[0], "item id"), f[1],
          MovieLens.genres(f[2]), MovieLens.yearFromTitle(f[1]), Map.of())), errors);
    }
    if (users == null) {
      notes.add("no " + USERS + ": no user attributes");
    } else {
      try (DelimitedFile file = DelimitedFile.open(users, StandardCharsets.UTF_8, SEPARATOR)) {
        file.forEachRow(5, (f, line) -> sink.user(MovieLens.user(f[0], f[2], f[1], f[3], f[4])), errors);
      }
    }
    try (DelimitedFile file = DelimitedFile.open(ratings, StandardCharsets.UTF_8, SEPARATOR)) {
      file.forEachRow(4, (f, line) -> sink.interaction(MovieLens.rating(f[0], f[1], f[2], f[3])), errors);
    }
    return notes;
  }

  static boolean isValidUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
