package io.recsys.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  void loadsADetectedDatasetIntoMemoryWithItsMetadata() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,value,timestamp",
        "u1,i1,click,1,2024-05-01T12:00:00Z", "u2,i1,purchase,1,2024-05-01T13:00:00Z");
    TestFiles.write(dir, "items.jsonl", "{\"itemId\":\"i1\",\"title\":\"Dune\"}");

    Dataset dataset = Datasets.load(dir, null, ErrorPolicy.FAIL);

    assertThat(dataset.size()).isEqualTo(2);
    assertThat(dataset.users().size()).isEqualTo(2);
    assertThat(dataset.interaction(1).type()).isEqualTo(InteractionType.PURCHASE);
    assertThat(dataset.itemMetadata(dataset.items().indexOf("i1")).title()).isEqualTo("Dune");
  }

  @Test
  void readsWithTheGivenFormatEvenWhenAnotherIsDetectable() throws IOException {
    TestFiles.write(dir, "events.csv", "userId,itemId,type,value,timestamp", "u1,i1,click,1,2024-05-01T12:00:00Z");
    TestFiles.write(dir, "only.inter", "user_id:token\titem_id:token", "a\tb", "c\td");

    assertThat(Datasets.load(dir, DatasetFormat.RECBOLE, ErrorPolicy.FAIL).size()).isEqualTo(2);
    assertThat(Datasets.load(dir, DatasetFormat.GENERIC, ErrorPolicy.FAIL).size()).isEqualTo(1);
  }
}
