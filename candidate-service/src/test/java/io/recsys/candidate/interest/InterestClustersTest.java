package io.recsys.candidate.interest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterestClustersTest {
  private static InterestClusters sample() {
    return new InterestClusters(3, 2, new int[] {2, 0, -1, 0, 1, 2, 0},
        new float[] {1, 0, 0, 1, -0.6f, 0.8f});
  }

  @Test
  void derivesAscendingMembersAndSizesFromAssignments() {
    InterestClusters c = sample();
    assertThat(c.itemCount()).isEqualTo(7);
    assertThat(c.members(0)).containsExactly(1, 3, 6);
    assertThat(c.members(1)).containsExactly(4);
    assertThat(c.members(2)).containsExactly(0, 5);
    assertThat(c.size(0)).isEqualTo(3);
    assertThat(c.cluster(2)).isEqualTo(InterestClusters.UNASSIGNED);
    assertThat(c.centroid(2)).containsExactly(-0.6f, 0.8f);
    assertThat(c.nearest(new float[] {0.1f, 0.9f})).isEqualTo(1);
  }

  @Test
  void handsOutCopies() {
    InterestClusters c = sample();
    c.members(0)[0] = 99;
    c.centroid(0)[0] = 99;
    c.assignments()[0] = 1;
    assertThat(c.members(0)[0]).isEqualTo(1);
    assertThat(c.centroid(0)[0]).isEqualTo(1f);
    assertThat(c.cluster(0)).isEqualTo(2);
  }

  @Test
  void refusesInconsistentInput() {
    assertThatThrownBy(() -> new InterestClusters(2, 2, new int[] {0, 2}, new float[4]))
        .hasMessageContaining("item row 1 has cluster 2");
    assertThatThrownBy(() -> new InterestClusters(2, 2, new int[] {0}, new float[3]))
        .hasMessageContaining("centroids hold 3 floats");
    assertThatThrownBy(() -> new InterestClusters(1, 2, new int[] {0}, new float[] {Float.NaN, 0}))
        .hasMessageContaining("non-finite");
  }

  @Test
  void roundTripsThroughAFile(@TempDir Path dir) throws IOException {
    InterestClusters c = sample();
    Path f = dir.resolve("clusters.bin");
    c.write(f);
    InterestClusters back = InterestClusters.read(f);
    assertThat(back.assignments()).isEqualTo(c.assignments());
    assertThat(back.clusterCount()).isEqualTo(3);
    assertThat(back.dim()).isEqualTo(2);
    for (int k = 0; k < 3; k++) {
      assertThat(back.centroid(k)).isEqualTo(c.centroid(k));
      assertThat(back.members(k)).isEqualTo(c.members(k));
    }
  }

  @Test
  void refusesATruncatedFileNamingIt(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("clusters.bin");
    sample().write(f);
    byte[] bytes = Files.readAllBytes(f);
    for (int cut : new int[] {bytes.length - 1, 30, 10}) {
      Files.write(f, Arrays.copyOf(bytes, cut));
      assertThatThrownBy(() -> InterestClusters.read(f)).as("cut at %d", cut)
          .isInstanceOf(IOException.class).hasMessageContaining(f.toString()).hasMessageContaining("truncated");
    }
  }

  @Test
  void refusesBadMagicTrailingBytesAndBadClusterIdsNamingTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("clusters.bin");
    sample().write(f);
    byte[] good = Files.readAllBytes(f);

    byte[] magic = good.clone();
    magic[0] = 'X';
    Files.write(f, magic);
    assertThatThrownBy(() -> InterestClusters.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("bad magic");

    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    Files.write(f, trailing);
    assertThatThrownBy(() -> InterestClusters.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("trailing");

    byte[] badId = good.clone();
    badId[20 + 3] = 7; // first assignment (big-endian int at byte 20) becomes 7
    Files.write(f, badId);
    assertThatThrownBy(() -> InterestClusters.read(f)).isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString()).hasMessageContaining("cluster 7");

    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(f))) {
      out.writeInt(0x52534943);
      out.writeInt(2);
    }
    assertThatThrownBy(() -> InterestClusters.read(f)).hasMessageContaining(f.toString()).hasMessageContaining("format 2");
  }
}
